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

 private:
  std::string description_;
  GstElement* pipeline_ = nullptr;
};

// A sender of H.264 + AAC in MPEG-TS, the way a hall encoder sends it:
// `sink` is where it goes (e.g. "srtsink uri=srt://127.0.0.1:9000").
std::string encoderPipeline(const std::string& sink, int width = 320, int height = 180);

}  // namespace hallcast::test
