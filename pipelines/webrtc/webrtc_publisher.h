#pragma once
// A room's WebRTC egress: its WHEP viewers (one WhepSession each) and the
// room's audio as Opus, encoded once for all of them (WebRTC has no AAC).
// Video goes to the viewers as the room has it on air. The encoder runs
// only while the room has viewers.
//
// Threads: addViewer(), removeViewer(), tick() and stop() on the media
// thread; push() on the room's streaming threads (the room serialises
// it); the Opus encoder hands out its packets on its own streaming thread.

#include <gst/gst.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "room/standby_switch.h"
#include "webrtc/webrtc_options.h"
#include "webrtc/webrtc_offer.h"

namespace hallcast {

class WhepSession;

// What happens to a viewer, for the HTTP side.
struct WebRtcEvent {
  enum class Kind { kAnswered, kRefused, kEnded };
  std::string room_id;
  std::string session_id;
  Kind kind = Kind::kEnded;
  std::string text;  // the SDP answer, or why it was refused or ended
};
// Called on any thread: hand the event over to the event loop.
using WebRtcCallback = std::function<void(WebRtcEvent)>;

class WebRtcPublisher {
 public:
  using Clock = std::chrono::steady_clock;
  // `output_clock`: the room's output running time now (ns).
  WebRtcPublisher(std::string room_id, WebRtcOptions options, std::function<int64_t()> output_clock,
                  WebRtcCallback on_event);
  ~WebRtcPublisher();
  WebRtcPublisher(const WebRtcPublisher&) = delete;
  WebRtcPublisher& operator=(const WebRtcPublisher&) = delete;

  // A new viewer; its answer (or refusal) comes through the callback.
  void addViewer(const std::string& session_id, const std::string& offer_sdp, const WebRtcOffer& tracks);
  // Ends a viewer (DELETE); an unknown id is ignored.
  void removeViewer(const std::string& session_id, const std::string& reason);
  // Ends the viewers whose connection failed or never came up.
  void tick(Clock::time_point now);
  // Ends every viewer (the room stops).
  void stop();

  // The room's output (times on the output timeline); a ref is taken
  // for each viewer.
  void push(Track track, GstBuffer* buffer, GstCaps* caps, bool keyframe);

  size_t viewers() const;

 private:
  static GstFlowReturn onOpus(GstElement* sink, gpointer self);
  void startEncoder();
  void stopEncoder();
  void end(std::map<std::string, std::unique_ptr<WhepSession>>::iterator it, const std::string& reason);

  std::string room_id_;
  WebRtcOptions options_;
  std::function<int64_t()> output_clock_;
  WebRtcCallback on_event_;

  mutable std::mutex mutex_;  // the viewers and the encoder's input, shared with streaming threads
  std::map<std::string, std::unique_ptr<WhepSession>> sessions_;
  GstElement* encoder_ = nullptr;   // appsrc (AAC) → decode → opusenc → appsink
  GstElement* aac_source_ = nullptr;
  GstCaps* aac_caps_ = nullptr;
};

}  // namespace hallcast
