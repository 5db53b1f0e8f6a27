#include "http/webrtc_endpoint.h"

#include <spdlog/spdlog.h>
#include <strings.h>

#include <algorithm>

#include "common/random_id.h"
#include "http/bearer_auth.h"
#include "media/ice_servers.h"

namespace hallcast {
namespace {

constexpr std::chrono::seconds kKeepRefusals{30};

// Any origin may play, as with HLS; a browser reads the session URL and
// the ICE servers only when told it may.
void allowAnyOrigin(HttpResponse& r) {
  r.headers.emplace_back("access-control-allow-origin", "*");
  r.headers.emplace_back("access-control-expose-headers", "location, link");
}

HttpResponse webrtcError(int status, std::string message) {
  HttpResponse r = httpError(status, std::move(message));
  allowAnyOrigin(r);
  return r;
}

// "application/sdp", any case, parameters allowed (RFC 9110 §8.3.1).
bool isSdp(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return strcasecmp(type.c_str(), "application/sdp") == 0;
}

}  // namespace

WebRtcEndpoint::WebRtcEndpoint(Kind kind, const EventConfig& config, WebRtcMedia& media, Metrics& metrics)
    : kind_(kind), config_(config), media_(media), metrics_(metrics), links_(iceServerLinks(config.webrtc)) {}

std::string WebRtcEndpoint::waitKey(const std::string& session_id) const { return path() + session_id; }

size_t WebRtcEndpoint::sessions() const {
  size_t n = 0;
  for (const auto& entry : sessions_) n += entry.second.state != Session::State::kRefused;
  return n;
}

void WebRtcEndpoint::countSessions() {
  (kind_ == Kind::kPlay ? metrics_.webrtc_viewers : metrics_.webrtc_publishers) = sessions();
}

HttpResponse WebRtcEndpoint::handle(const HttpRequest& request, const std::string& room_id,
                                    const std::string& session_id) {
  forgetOldRefusals(Clock::now());
  const std::string& method = request.method;
  const char* protocol = kind_ == Kind::kPlay ? "WHEP" : "WHIP";
  if (method == "OPTIONS") return options(!session_id.empty());
  if (session_id.empty()) {
    if (method == "POST") return offer(request, room_id);
    HttpResponse r = webrtcError(405, std::string("a ") + protocol + " endpoint takes POST (an SDP offer) and OPTIONS, not " + method);
    r.headers.emplace_back("allow", "POST, OPTIONS");
    return r;
  }
  if (method == "DELETE") return end(request, room_id, session_id);
  // draft-ietf-wish-whep §4.3, -whip §4.3: no trickle ICE or ICE restart: 405.
  HttpResponse r = webrtcError(405, method == "PATCH" ? std::string("this ") + protocol +
                                                            " session takes no trickle ICE or ICE restart (PATCH); "
                                                            "candidates are in the answer"
                                                      : std::string("a ") + protocol +
                                                            " session takes DELETE and OPTIONS, not " + method);
  r.headers.emplace_back("allow", "DELETE, OPTIONS");
  return r;
}

HttpResponse WebRtcEndpoint::options(bool session) const {
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

std::optional<HttpResponse> WebRtcEndpoint::refuseStaff(const HttpRequest& request, const std::string& room_id) const {
  // draft-ietf-wish-whip §4.5: Bearer tokens; ours are the staff tokens.
  auto auth = authenticateStaff(request.authorization, config_.access.secret, StaffAction::kControlFeed, room_id);
  auto* refused = std::get_if<HttpResponse>(&auth);
  if (!refused) return std::nullopt;
  allowAnyOrigin(*refused);
  return *refused;
}

std::optional<HttpResponse> WebRtcEndpoint::refusePublisher(const HttpRequest& request,
                                                            const std::string& room_id) const {
  if (auto refused = refuseStaff(request, room_id)) return refused;
  const RoomConfig* room = config_.findRoom(room_id);
  if (room->feed.scheme != FeedScheme::kWhip) {
    return webrtcError(409, "room \"" + room_id + "\" takes its feed from " + room->feed.redacted +
                                ", not from WHIP (its feed.uri would be whip://)");
  }
  for (const auto& [id, session] : sessions_) {
    if (session.room_id == room_id && session.state != Session::State::kRefused) {
      return webrtcError(409, "room \"" + room_id + "\" has a WHIP publisher (" + path() + room_id + "/" + id +
                                  "); it must DELETE its session first");
    }
  }
  return std::nullopt;
}

HttpResponse WebRtcEndpoint::offer(const HttpRequest& request, const std::string& room_id) {
  if (kind_ == Kind::kPublish) {
    if (auto refused = refusePublisher(request, room_id)) return *refused;
  }
  if (!isSdp(request.content_type)) {
    return webrtcError(415, "send the SDP offer with Content-Type: application/sdp (got \"" + request.content_type +
                                "\")");
  }
  if (kind_ == Kind::kPlay && sessions() >= config_.webrtc.max_viewers) {
    ++metrics_.webrtc_refused;
    HttpResponse r = webrtcError(503, "this node has its " + std::to_string(config_.webrtc.max_viewers) +
                                          " WebRTC viewers (webrtc.max_viewers); play the room over HLS");
    r.headers.emplace_back("retry-after", "10");
    return r;
  }
  if (kind_ == Kind::kPlay) {
    const auto from_peer = std::count_if(sessions_.begin(), sessions_.end(), [&](const auto& entry) {
      return entry.second.peer == request.peer && entry.second.state != Session::State::kRefused;
    });
    if (static_cast<uint32_t>(from_peer) >= config_.webrtc.max_viewers_per_address) {
      ++metrics_.webrtc_refused;
      HttpResponse r = webrtcError(429, "your address has " + std::to_string(from_peer) +
                                            " WebRTC sessions here (webrtc.max_viewers_per_address); end one "
                                            "(DELETE) or play over HLS");
      r.headers.emplace_back("retry-after", "10");
      return r;
    }
  }
  auto read = readWebRtcOffer(request.body, kind_ == Kind::kPlay ? OfferUse::kPlay : OfferUse::kPublish);
  if (const auto* refused = std::get_if<OfferRefusal>(&read)) {
    ++metrics_.webrtc_refused;
    return webrtcError(refused->status, refused->message);
  }
  const std::string id = randomId(kind_ == Kind::kPlay ? "w" : "p");
  sessions_[id] = Session{room_id, request.peer, Session::State::kNegotiating, {}, 400, {}};
  countSessions();
  if (kind_ == Kind::kPlay) {
    media_.addViewer(room_id, id, request.body, std::get<WebRtcOffer>(read));
  } else {
    media_.publish(room_id, id, request.body, std::get<WebRtcOffer>(read));
  }
  HttpResponse held = answer(id);
  held.wait_until = Clock::now() + kAnswerWait;
  return held;
}

HttpResponse WebRtcEndpoint::answer(const std::string& session_id) {
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return webrtcError(503, "the WebRTC session ended before it was answered");
  Session& session = it->second;
  switch (session.state) {
    case Session::State::kNegotiating: {
      // Held; sent as it is should the answer not come in time.
      HttpResponse r = webrtcError(503, "the room's media did not answer the offer within " +
                                            std::to_string(kAnswerWait.count()) + " s");
      r.headers.emplace_back("retry-after", "1");
      r.wait_for = waitKey(session_id);
      r.retry = [this, session_id] { return answer(session_id); };
      return r;
    }
    case Session::State::kRefused: {
      HttpResponse r = webrtcError(session.refused_status, "the offer could not be answered: " + session.text);
      sessions_.erase(it);
      countSessions();
      return r;
    }
    case Session::State::kAnswered:
      break;
  }
  HttpResponse r;
  r.status = 201;
  r.content_type = "application/sdp";
  r.body = session.text;
  r.headers.emplace_back("location", path() + session.room_id + "/" + session_id);
  r.headers.emplace_back("cache-control", "no-store");
  for (const std::string& link : links_) r.headers.emplace_back("link", link);
  allowAnyOrigin(r);
  return r;
}

HttpResponse WebRtcEndpoint::end(const HttpRequest& request, const std::string& room_id,
                                 const std::string& session_id) {
  if (kind_ == Kind::kPublish) {
    if (auto refused = refuseStaff(request, room_id)) return *refused;
  }
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end() || it->second.room_id != room_id || it->second.state == Session::State::kRefused) {
    return webrtcError(404, "no WebRTC session \"" + session_id + "\" in room \"" + room_id + "\"");
  }
  sessions_.erase(it);
  countSessions();
  if (kind_ == Kind::kPlay) {
    media_.removeViewer(room_id, session_id);
  } else {
    media_.unpublish(room_id, session_id);
  }
  HttpResponse r;
  r.status = 200;
  allowAnyOrigin(r);
  return r;
}

std::string WebRtcEndpoint::onEvent(const WebRtcEvent& event) {
  const auto it = sessions_.find(event.session_id);
  if (it == sessions_.end()) return {};  // deleted meanwhile, or the other direction's
  Session& session = it->second;
  switch (event.kind) {
    case WebRtcEvent::Kind::kAnswered:
      if (session.state != Session::State::kNegotiating) return {};
      session.state = Session::State::kAnswered;
      session.text = event.text;
      ++metrics_.webrtc_answered;
      break;
    case WebRtcEvent::Kind::kRefused:
      spdlog::info("room {}: WebRTC session {} refused: {}", event.room_id, event.session_id, event.text);
      ++metrics_.webrtc_refused;
      session.state = Session::State::kRefused;
      session.text = event.text;
      session.refused_at = Clock::now();
      break;
    case WebRtcEvent::Kind::kEnded:
      if (session.state == Session::State::kNegotiating) {
        // Its POST, if still held, learns why.
        session.state = Session::State::kRefused;
        session.refused_status = 503;
        session.text = event.text;
        session.refused_at = Clock::now();
        break;
      }
      sessions_.erase(it);
      break;
  }
  countSessions();
  return waitKey(event.session_id);
}

void WebRtcEndpoint::forgetOldRefusals(Clock::time_point now) {
  std::erase_if(sessions_, [&](const auto& entry) {
    return entry.second.state == Session::State::kRefused && now - entry.second.refused_at > kKeepRefusals;
  });
}

}  // namespace hallcast
