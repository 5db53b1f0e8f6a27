#pragma once
// WebRTC playback of a room by WHEP (draft-ietf-wish-whep): a player POSTs
// its SDP offer to /whep/<room>, gets 201 with the answer and a session URL
// (Location), and DELETEs that URL when it leaves. The offer is checked
// here (readWhepOffer), the answer made by the room's media pipeline on the
// media thread: the POST is held (HttpResponse::wait_for) until the media
// side reports it, as LL-HLS holds blocking reloads.
//
// Loop thread only.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "config/event_config.h"
#include "http/routes.h"
#include "metrics/metrics.h"
#include "webrtc/webrtc_publisher.h"
#include "webrtc/whep_offer.h"

namespace hallcast {

// The media side as the endpoint sees it (MediaRuntime in the hub).
class WhepMedia {
 public:
  virtual ~WhepMedia() = default;
  // Answer or refusal comes back as a WebRtcEvent (WhepEndpoint::onEvent).
  virtual void addViewer(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                         const WhepOffer& tracks) = 0;
  virtual void removeViewer(const std::string& room_id, const std::string& session_id) = 0;
};

class WhepEndpoint {
 public:
  using Clock = std::chrono::steady_clock;
  // How long a POST waits for its answer before 503.
  static constexpr std::chrono::seconds kAnswerWait{10};

  WhepEndpoint(const WebRtcConfig& config, WhepMedia& media, Metrics& metrics);

  // A request for /whep/<room_id> (session_id empty) or
  // /whep/<room_id>/<session_id>; the room exists and its media is here.
  HttpResponse handle(const HttpRequest& request, const std::string& room_id, const std::string& session_id);

  // The media side's news of a viewer. Returns the key of the request held
  // for it (HttpResponse::wait_for), to be asked again; "" when none.
  std::string onEvent(const WebRtcEvent& event);

  // Viewers negotiating or connected on this node.
  size_t viewers() const;

 private:
  struct Viewer {
    enum class State { kNegotiating, kAnswered, kRefused };
    std::string room_id;
    State state = State::kNegotiating;
    std::string text;  // the answer, or why it was refused
    int refused_status = 400;  // 400: the offer; 503: the session ended first
    Clock::time_point refused_at{};
  };

  HttpResponse offer(const HttpRequest& request, const std::string& room_id);
  // The held POST of `session_id`, asked again.
  HttpResponse answer(const std::string& session_id);
  HttpResponse end(const std::string& room_id, const std::string& session_id);
  HttpResponse options(bool session) const;
  // Refusals nobody fetched (their POST went away) are forgotten after a while.
  void forgetOldRefusals(Clock::time_point now);

  WebRtcConfig config_;
  WhepMedia& media_;
  Metrics& metrics_;
  std::vector<std::string> links_;  // Link headers: the ICE servers
  std::map<std::string, Viewer> viewers_;
};

}  // namespace hallcast
