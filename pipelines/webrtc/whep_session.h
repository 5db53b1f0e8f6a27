#pragma once
// One WHEP viewer: a pipeline of its own, appsrc → RTP payloader →
// webrtcbin, fed the room's H.264 as it is (payloaded, never re-encoded)
// and the room's shared Opus. webrtcbin answers the viewer's offer; the
// answer is handed out once ICE gathering is complete (WHEP carries no
// trickled candidates here). Its own pipeline, so that one viewer's setup
// or teardown never stalls the room or the other viewers.
//
// Threads: start()/stop()/finished() on the media thread; pushVideo() and
// pushAudio() on streaming threads (the publisher serialises them); the
// answer and failure callbacks on webrtcbin's threads.

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "webrtc/webrtc_answerer.h"
#include "webrtc/webrtc_offer.h"
#include "webrtc/webrtc_options.h"

namespace hallcast {

class WhepSession {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kSilentLimit{15};
  // `on_answer`: the SDP answer. `on_refused`: webrtcbin could not answer
  // the offer (why). Each is called at most once, on a webrtcbin thread.
  struct Callbacks {
    std::function<void(std::string)> on_answer;
    std::function<void(std::string)> on_refused;
  };

  WhepSession(std::string id, std::string offer_sdp, WebRtcOffer tracks, const WebRtcOptions& options,
              Callbacks callbacks);
  ~WhepSession();
  WhepSession(const WhepSession&) = delete;
  WhepSession& operator=(const WhepSession&) = delete;

  // Builds the pipeline with its running time that of the room's output
  // (`base_time` on the system clock), and starts answering; throws MediaError.
  void start(GstClockTime base_time);
  void stop();

  // The room's H.264 (byte-stream, access units) on the output timeline;
  // nothing is sent before the first keyframe. A ref is taken.
  void pushVideo(GstBuffer* buffer, GstCaps* caps, bool keyframe);
  // The room's audio as Opus; a ref is taken.
  void pushAudio(GstBuffer* buffer, GstCaps* caps);

  // Media thread: why the session is over, or nullopt while it is not
  // (connection failed or closed, not up within the connect timeout, or
  // nothing heard from the viewer for kSilentLimit: browsers send RTCP
  // reports every second or so and ICE consent checks every 5 s).
  std::optional<std::string> finished(Clock::time_point now) const;

  const std::string& id() const { return id_; }
  bool wantsAudio() const { return tracks_.audio.has_value(); }

 private:
  GstElement* addTrack(const OfferedTrack& track, const char* payloader, GstElement*& source);

  std::string id_;
  std::string offer_sdp_;
  WebRtcOffer tracks_;
  WebRtcOptions options_;
  Callbacks callbacks_;
  Clock::time_point started_{};

  GstElement* pipeline_ = nullptr;
  GstElement* webrtc_ = nullptr;
  std::unique_ptr<WebRtcAnswerer> answerer_;
  GstElement* video_source_ = nullptr;
  GstElement* audio_source_ = nullptr;

  std::mutex mutex_;  // the caps below (streaming threads)
  GstCaps* video_caps_ = nullptr;
  GstCaps* audio_caps_ = nullptr;
  bool video_started_ = false;  // a keyframe went out

  std::atomic<bool> connected_{false};
  std::atomic<bool> failed_{false};  // refused, or the connection failed or closed
  std::atomic<int64_t> heard_ns_{0};  // steady clock at the viewer's last packet
};

}  // namespace hallcast
