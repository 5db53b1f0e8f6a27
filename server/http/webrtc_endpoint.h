#pragma once
// WebRTC over HTTP, both ways (draft-ietf-wish-whep, draft-ietf-wish-whip):
// a peer POSTs its SDP offer to /whep/<room> (to play the room) or
// /whip/<room> (to contribute a whip:// room's feed; staff only), gets 201
// with the answer and a session URL (Location), and DELETEs that URL when
// it leaves. The offer is checked here (readWebRtcOffer), the answer made
// by the room's media pipeline on the media thread: the POST is held
// (HttpResponse::wait_for) until the media side reports it, as LL-HLS
// holds blocking reloads. One endpoint object per direction.
//
// Loop thread only.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "config/event_config.h"
#include "http/routes.h"
#include "metrics/metrics.h"
#include "webrtc/webrtc_offer.h"
#include "webrtc/webrtc_publisher.h"

namespace hallcast {

// The media side as the endpoints see it (MediaRuntime in the hub). Each
// answer or refusal comes back as a WebRtcEvent (WebRtcEndpoint::onEvent).
class WebRtcMedia {
 public:
  virtual ~WebRtcMedia() = default;
  virtual void addViewer(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                         const WebRtcOffer& tracks) = 0;
  virtual void removeViewer(const std::string& room_id, const std::string& session_id) = 0;
  virtual void publish(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                       const WebRtcOffer& tracks) = 0;
  virtual void unpublish(const std::string& room_id, const std::string& session_id) = 0;
};

class WebRtcEndpoint {
 public:
  using Clock = std::chrono::steady_clock;
  // kPlay: WHEP viewers, at most webrtc.max_viewers per node and
  // webrtc.max_viewers_per_address per client address, anyone.
  // kPublish: WHIP publishers of whip:// rooms, one per room, with a staff
  // token that may control the room's feed (technicians, admins).
  enum class Kind { kPlay, kPublish };
  // How long a POST waits for its answer before 503.
  static constexpr std::chrono::seconds kAnswerWait{10};

  WebRtcEndpoint(Kind kind, const EventConfig& config, WebRtcMedia& media, Metrics& metrics);

  // A request for /whep|whip/<room_id> (session_id empty) or
  // /whep|whip/<room_id>/<session_id>; the room exists and its media is here.
  HttpResponse handle(const HttpRequest& request, const std::string& room_id, const std::string& session_id);

  // The media side's news of a session. Returns the key of the request
  // held for it (HttpResponse::wait_for), to be asked again; "" when none.
  std::string onEvent(const WebRtcEvent& event);

  // Sessions negotiating or connected on this node.
  size_t sessions() const;

 private:
  struct Session {
    enum class State { kNegotiating, kAnswered, kRefused };
    std::string room_id;
    std::string peer;  // the client's address
    State state = State::kNegotiating;
    std::string text;          // the answer, or why it was refused
    int refused_status = 400;  // 400: the offer; 503: the session ended first
    Clock::time_point refused_at{};
  };

  HttpResponse offer(const HttpRequest& request, const std::string& room_id);
  // The held POST of `session_id`, asked again.
  HttpResponse answer(const std::string& session_id);
  HttpResponse end(const HttpRequest& request, const std::string& room_id, const std::string& session_id);
  HttpResponse options(bool session) const;
  // nullopt when the request's staff token may control the room's feed
  // (WHIP: publish or end a session), else the 401/403 to send.
  std::optional<HttpResponse> refuseStaff(const HttpRequest& request, const std::string& room_id) const;
  // nullopt when the request may publish to the room, else the answer.
  std::optional<HttpResponse> refusePublisher(const HttpRequest& request, const std::string& room_id) const;
  // Refusals nobody fetched (their POST went away) are forgotten after a while.
  void forgetOldRefusals(Clock::time_point now);
  std::string path() const { return kind_ == Kind::kPlay ? "/whep/" : "/whip/"; }
  std::string waitKey(const std::string& session_id) const;
  void countSessions();

  Kind kind_;
  const EventConfig& config_;
  WebRtcMedia& media_;
  Metrics& metrics_;
  std::vector<std::string> links_;  // Link headers: the ICE servers
  std::map<std::string, Session> sessions_;
};

}  // namespace hallcast
