#pragma once
// whip:// — a remote speaker's browser or OBS contributes the room's feed
// over WebRTC (WHIP, draft-ietf-wish-whip). The feed pipeline waits with no
// source until a publisher's offer arrives (POST /whip/<room>); then a
// webrtcbin answers it and each RTP stream it receives goes to a parser,
// as an RTSP camera's do. When the publisher leaves (DELETE, or its
// connection fails) the feed is lost and restarts, waiting for the next.
//
// Threads: accept() on the media thread; webrtcbin's callbacks on its own.

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "feeds/feed_graph.h"
#include "webrtc/webrtc_answerer.h"
#include "webrtc/webrtc_offer.h"
#include "webrtc/webrtc_options.h"

namespace hallcast {

class WhipReceiver {
 public:
  struct Callbacks {
    std::function<void(std::string)> on_answer;   // the SDP answer (webrtcbin's thread)
    std::function<void(std::string)> on_refused;  // why there is none
  };

  // `keyframe_ms`: how often a keyframe is asked of the publisher (RTCP
  // PLI): browsers send one only when asked, and HLS cuts segments at them.
  WhipReceiver(FeedGraph& graph, std::string name, uint32_t keyframe_ms, GMainContext* context);
  ~WhipReceiver();
  WhipReceiver(const WhipReceiver&) = delete;
  WhipReceiver& operator=(const WhipReceiver&) = delete;

  // Media thread: answers a publisher's offer with `tracks` (what it sends
  // that the room takes). False when a publisher is already connected or
  // negotiating (the caller answers 409).
  bool accept(const std::string& session_id, const std::string& offer_sdp, const WebRtcOffer& tracks,
              const WebRtcOptions& options, Callbacks callbacks);
  // The publisher's session ("" before any).
  const std::string& session() const { return session_id_; }
  // Media thread: the publisher is let go (DELETE); the feed restarts.
  void end(const std::string& reason);

 private:
  static void onPad(GstElement* webrtc, GstPad* pad, gpointer self);
  static gboolean askKeyframe(gpointer self);

  FeedGraph& graph_;
  std::string name_;
  uint32_t keyframe_ms_;
  GMainContext* context_;
  std::string session_id_;
  GstElement* webrtc_ = nullptr;  // owned by the feed pipeline
  std::unique_ptr<WebRtcAnswerer> answerer_;
  GSource* keyframe_timer_ = nullptr;  // media thread
  std::chrono::steady_clock::time_point started_{};
  std::chrono::milliseconds connect_timeout_{15000};
  std::atomic<bool> connected_{false};
  std::mutex mutex_;
  GstPad* video_pad_ = nullptr;  // webrtcbin's video output (guarded by mutex_)
};

}  // namespace hallcast
