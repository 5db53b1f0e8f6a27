#include "http/whep_endpoint.h"

#include <spdlog/spdlog.h>
#include <strings.h>

#include "common/random_id.h"
#include "media/ice_servers.h"

namespace hallcast {
namespace {

constexpr std::chrono::seconds kKeepRefusals{30};

std::string waitKey(const std::string& session_id) { return "whep/" + session_id; }

// Any origin may play, as with HLS; a browser reads the session URL and
// the ICE servers only when told it may.
void allowAnyOrigin(HttpResponse& r) {
  r.headers.emplace_back("access-control-allow-origin", "*");
  r.headers.emplace_back("access-control-expose-headers", "location, link");
}

HttpResponse whepError(int status, std::string message) {
  HttpResponse r = httpError(status, std::move(message));
  allowAnyOrigin(r);
  return r;
}

// "application/sdp", any case, parameters allowed (RFC 9110 §8.3.1).
bool isSdp(const std::string& content_type) {
  const std::string type = content_type.substr(0, content_type.find(';'));
  std::string_view trimmed(type);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  return strcasecmp(std::string(trimmed).c_str(), "application/sdp") == 0;
}

}  // namespace

WhepEndpoint::WhepEndpoint(const WebRtcConfig& config, WhepMedia& media, Metrics& metrics)
    : config_(config), media_(media), metrics_(metrics), links_(iceServerLinks(config)) {}

size_t WhepEndpoint::viewers() const {
  size_t n = 0;
  for (const auto& entry : viewers_) n += entry.second.state != Viewer::State::kRefused;
  return n;
}

HttpResponse WhepEndpoint::handle(const HttpRequest& request, const std::string& room_id,
                                  const std::string& session_id) {
  forgetOldRefusals(Clock::now());
  const std::string& method = request.method;
  if (method == "OPTIONS") return options(!session_id.empty());
  if (session_id.empty()) {
    if (method == "POST") return offer(request, room_id);
    HttpResponse r = whepError(405, "a WHEP endpoint takes POST (an SDP offer) and OPTIONS, not " + method);
    r.headers.emplace_back("allow", "POST, OPTIONS");
    return r;
  }
  if (method == "DELETE") return end(room_id, session_id);
  // draft-ietf-wish-whep §4.3: no trickle ICE or ICE restart: 405.
  HttpResponse r = whepError(405, method == "PATCH" ? std::string("this WHEP session takes no trickle ICE or ICE "
                                                                  "restart (PATCH); candidates are in the answer")
                                                    : "a WHEP session takes DELETE and OPTIONS, not " + method);
  r.headers.emplace_back("allow", "DELETE, OPTIONS");
  return r;
}

HttpResponse WhepEndpoint::options(bool session) const {
  HttpResponse r;
  r.status = 204;
  const char* methods = session ? "DELETE, OPTIONS" : "POST, OPTIONS";
  r.headers.emplace_back("allow", methods);
  allowAnyOrigin(r);
  // CORS preflight (an application/sdp POST is not a simple request).
  r.headers.emplace_back("access-control-allow-methods", methods);
  r.headers.emplace_back("access-control-allow-headers", "content-type, authorization");
  r.headers.emplace_back("access-control-max-age", "600");
  if (!session) {
    r.headers.emplace_back("accept-post", "application/sdp");
    for (const std::string& link : links_) r.headers.emplace_back("link", link);
  }
  return r;
}

HttpResponse WhepEndpoint::offer(const HttpRequest& request, const std::string& room_id) {
  if (!isSdp(request.content_type)) {
    return whepError(415, "send the SDP offer with Content-Type: application/sdp (got \"" + request.content_type +
                              "\")");
  }
  if (viewers() >= config_.max_viewers) {
    ++metrics_.webrtc_refused;
    HttpResponse r = whepError(503, "this node has its " + std::to_string(config_.max_viewers) +
                                        " WebRTC viewers (webrtc.max_viewers); play the room over HLS");
    r.headers.emplace_back("retry-after", "10");
    return r;
  }
  auto read = readWhepOffer(request.body);
  if (const auto* refused = std::get_if<OfferRefusal>(&read)) {
    ++metrics_.webrtc_refused;
    return whepError(refused->status, refused->message);
  }
  const std::string id = randomId("w");
  viewers_[id] = Viewer{room_id, Viewer::State::kNegotiating, {}, {}};
  metrics_.webrtc_viewers = viewers();
  media_.addViewer(room_id, id, request.body, std::get<WhepOffer>(read));
  HttpResponse held = answer(id);
  held.wait_until = Clock::now() + kAnswerWait;
  return held;
}

HttpResponse WhepEndpoint::answer(const std::string& session_id) {
  const auto it = viewers_.find(session_id);
  if (it == viewers_.end()) return whepError(503, "the WebRTC session ended before it was answered");
  Viewer& viewer = it->second;
  switch (viewer.state) {
    case Viewer::State::kNegotiating: {
      // Held; sent as it is should the answer not come in time.
      HttpResponse r = whepError(503, "the room's media did not answer the offer within " +
                                          std::to_string(kAnswerWait.count()) + " s");
      r.headers.emplace_back("retry-after", "1");
      r.wait_for = waitKey(session_id);
      r.retry = [this, session_id] { return answer(session_id); };
      return r;
    }
    case Viewer::State::kRefused: {
      HttpResponse r = whepError(viewer.refused_status, "the offer could not be answered: " + viewer.text);
      viewers_.erase(it);
      return r;
    }
    case Viewer::State::kAnswered:
      break;
  }
  HttpResponse r;
  r.status = 201;
  r.content_type = "application/sdp";
  r.body = viewer.text;
  r.headers.emplace_back("location", "/whep/" + viewer.room_id + "/" + session_id);
  r.headers.emplace_back("cache-control", "no-store");
  for (const std::string& link : links_) r.headers.emplace_back("link", link);
  allowAnyOrigin(r);
  return r;
}

HttpResponse WhepEndpoint::end(const std::string& room_id, const std::string& session_id) {
  const auto it = viewers_.find(session_id);
  if (it == viewers_.end() || it->second.room_id != room_id || it->second.state == Viewer::State::kRefused) {
    return whepError(404, "no WebRTC session \"" + session_id + "\" in room \"" + room_id + "\"");
  }
  viewers_.erase(it);
  metrics_.webrtc_viewers = viewers();
  media_.removeViewer(room_id, session_id);
  HttpResponse r;
  r.status = 200;
  allowAnyOrigin(r);
  return r;
}

std::string WhepEndpoint::onEvent(const WebRtcEvent& event) {
  const auto it = viewers_.find(event.session_id);
  if (it == viewers_.end()) return {};  // deleted meanwhile
  Viewer& viewer = it->second;
  switch (event.kind) {
    case WebRtcEvent::Kind::kAnswered:
      if (viewer.state != Viewer::State::kNegotiating) return {};
      viewer.state = Viewer::State::kAnswered;
      viewer.text = event.text;
      ++metrics_.webrtc_answered;
      break;
    case WebRtcEvent::Kind::kRefused:
      spdlog::info("room {}: WebRTC viewer {} refused: {}", event.room_id, event.session_id, event.text);
      ++metrics_.webrtc_refused;
      viewer.state = Viewer::State::kRefused;
      viewer.text = event.text;
      viewer.refused_at = Clock::now();
      break;
    case WebRtcEvent::Kind::kEnded:
      if (viewer.state == Viewer::State::kNegotiating) {
        // Its POST, if still held, learns why.
        viewer.state = Viewer::State::kRefused;
        viewer.refused_status = 503;
        viewer.text = event.text;
        viewer.refused_at = Clock::now();
        break;
      }
      viewers_.erase(it);
      break;
  }
  metrics_.webrtc_viewers = viewers();
  return waitKey(event.session_id);
}

void WhepEndpoint::forgetOldRefusals(Clock::time_point now) {
  std::erase_if(viewers_, [&](const auto& entry) {
    return entry.second.state == Viewer::State::kRefused && now - entry.second.refused_at > kKeepRefusals;
  });
}

}  // namespace hallcast
