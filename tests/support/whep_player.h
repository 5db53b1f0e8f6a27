#pragma once
// A WHEP player made of GStreamer's webrtcbin (a WebRTC stack the team did
// not write): it offers to receive H.264 and Opus, POSTs the offer to the
// hub, applies the answer and decodes what arrives, counting pictures and
// audio buffers.

#include <gst/gst.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "support/http_client.h"

namespace hallcast::test {

class WhepPlayer {
 public:
  // `audio`: offer to receive Opus too.
  explicit WhepPlayer(bool audio = true);
  ~WhepPlayer();
  WhepPlayer(const WhepPlayer&) = delete;
  WhepPlayer& operator=(const WhepPlayer&) = delete;

  // The offer, once ICE gathering is complete (webrtcbin's SDP text).
  std::string offer();
  // POSTs the offer to `endpoint_url`; on 201 applies the answer. The
  // hub's response as it came.
  HttpResult play(const std::string& endpoint_url);

  uint64_t picturesDecoded() const { return pictures_; }
  // The decoded pictures in order, as runs of one size: what a viewer saw
  // of each source the room put on air.
  struct PictureRun {
    int width = 0;
    int height = 0;
    uint64_t pictures = 0;
  };
  std::vector<PictureRun> pictureRuns() const;
  uint64_t audioBuffersDecoded() const { return audio_buffers_; }
  // webrtcbin's connection-state, as its nick ("connected", "failed", ...).
  std::string connectionState() const;

 private:
  static void onPadAdded(GstElement* webrtc, GstPad* pad, gpointer self);
  static GstPadProbeReturn countBuffer(GstPad*, GstPadProbeInfo*, gpointer counter);
  static GstPadProbeReturn countPicture(GstPad* pad, GstPadProbeInfo*, gpointer self);

  GstElement* pipeline_ = nullptr;
  GstElement* webrtc_ = nullptr;
  std::string offer_;
  std::atomic<uint64_t> pictures_{0};
  std::atomic<uint64_t> audio_buffers_{0};
  mutable std::mutex mutex_;
  std::vector<PictureRun> runs_;  // guarded by mutex_
};

}  // namespace hallcast::test
