#pragma once
// Answers one WebRTC offer with a webrtcbin, the way WHEP and WHIP want it:
// set-remote-description, create-answer, set-local-description, then the
// answer once ICE gathering is complete (its candidates in it: no trickle
// ICE). Shared by the WHEP viewers (webrtc/whep_session) and the WHIP
// publishers (feeds/whip_source), which differ in what they link to the
// webrtcbin. Also makes the webrtcbin with the event's ICE settings.
//
// Threads: makeWebRtcBin() and start() on the media thread; the callbacks
// on webrtcbin's threads.

#include <gst/gst.h>

#include <atomic>
#include <functional>
#include <string>

#include "webrtc/webrtc_options.h"

namespace hallcast {

// A webrtcbin with max-bundle, the ICE servers and ports of `options`, and
// libnice keep-alives that expect an answer (a peer that vanished fails
// ICE instead of being kept for ever, if slowly). `heard`: set to the
// steady clock (ns) at every packet the peer sends — RTCP reports, ICE
// checks, media — so that a silent peer is noticed sooner. Floating reference.
GstElement* makeWebRtcBin(const WebRtcOptions& options, const std::string& log_name,
                          std::atomic<int64_t>* heard = nullptr);

class WebRtcAnswerer {
 public:
  struct Callbacks {
    std::function<void(std::string)> on_answer;   // the SDP answer, at most once
    std::function<void(std::string)> on_refused;  // why there is none, at most once
    // connected: true once the peer connection is up; ended: it failed or closed.
    std::function<void()> on_connected;
    std::function<void(std::string)> on_ended;
  };

  WebRtcAnswerer(GstElement* webrtc, Callbacks callbacks);
  ~WebRtcAnswerer();  // disconnects from the webrtcbin
  WebRtcAnswerer(const WebRtcAnswerer&) = delete;
  WebRtcAnswerer& operator=(const WebRtcAnswerer&) = delete;

  // The webrtcbin is in a playing pipeline, its sending pads or receiving
  // transceivers in place: answer `offer_sdp` (checked by readWebRtcOffer).
  void start(const std::string& offer_sdp);

 private:
  static void onRemoteSet(GstPromise* promise, gpointer self);
  static void onAnswerCreated(GstPromise* promise, gpointer self);
  static void onGatheringState(GstElement* webrtc, GParamSpec*, gpointer self);
  static void onConnectionState(GstElement* webrtc, GParamSpec*, gpointer self);
  void refuse(std::string why);

  GstElement* webrtc_;
  Callbacks callbacks_;
  std::atomic<bool> answered_{false};
  std::atomic<bool> ended_{false};
};

}  // namespace hallcast
