#pragma once
// A GStreamer pipeline run inside a test: a hall encoder pushing SRT, an
// RTSP camera, a file to play. Described in gst-launch syntax.

#include <gst/gst.h>

#include <string>

namespace hallcast::test {

class GstPublisher {
 public:
  explicit GstPublisher(std::string description);
  ~GstPublisher();
  GstPublisher(const GstPublisher&) = delete;
  GstPublisher& operator=(const GstPublisher&) = delete;

  void start();
  void stop();
  // Waits for a pipeline that ends by itself (num-buffers) to finish;
  // false on error or timeout.
  bool waitForEnd(GstClockTime timeout = 30 * GST_SECOND);
  bool running() const { return pipeline_ != nullptr; }
  // Sets `property` of the element named `element` while the pipeline runs,
  // from its text form (as in gst-launch: "video/x-raw,width=640").
  void set(const std::string& element, const std::string& property, const std::string& value);

 private:
  std::string description_;
  GstElement* pipeline_ = nullptr;
};

// A hall encoder's H.264 (to be followed by a muxer).
inline const std::string kX264Encoder =
    "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=500 ! h264parse";

// A sender of H.264 + AAC in MPEG-TS, the way a hall encoder sends it:
// `sink` is where it goes (e.g. "srtsink uri=srt://127.0.0.1:9000"). Another
// video encoder (e.g. "avenc_mpeg4 ! mpeg4videoparse") or muxer (e.g.
// "flvmux streamable=true" for RTMP) may stand in for those. The picture
// size is the caps of the element named "size": set() changes it mid-stream.
std::string encoderPipeline(const std::string& sink, int width = 320, int height = 180,
                            const std::string& video_encoder = kX264Encoder,
                            const std::string& muxer = "mpegtsmux alignment=7");

}  // namespace hallcast::test
