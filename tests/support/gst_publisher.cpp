#include "support/gst_publisher.h"

#include <stdexcept>

namespace hallcast::test {

GstPublisher::GstPublisher(std::string description) : description_(std::move(description)) {
  gst_init(nullptr, nullptr);
}

GstPublisher::~GstPublisher() { stop(); }

void GstPublisher::start() {
  if (pipeline_) return;
  GError* error = nullptr;
  pipeline_ = gst_parse_launch(description_.c_str(), &error);
  if (!pipeline_) {
    std::string message = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw std::runtime_error("cannot build test pipeline: " + message);
  }
  g_clear_error(&error);
  gst_element_set_state(pipeline_, GST_STATE_PLAYING);
}

void GstPublisher::stop() {
  if (!pipeline_) return;
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  gst_object_unref(pipeline_);
  pipeline_ = nullptr;
}

bool GstPublisher::waitForEnd(GstClockTime timeout) {
  if (!pipeline_) return false;
  GstBus* bus = gst_element_get_bus(pipeline_);
  GstMessage* message =
      gst_bus_timed_pop_filtered(bus, timeout, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const bool ended = message && GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS;
  if (message) gst_message_unref(message);
  gst_object_unref(bus);
  return ended;
}

std::string encoderPipeline(const std::string& sink, int width, int height) {
  return "videotestsrc is-live=true pattern=smpte ! video/x-raw,width=" + std::to_string(width) +
         ",height=" + std::to_string(height) +
         ",framerate=25/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=500 ! "
         "h264parse ! mpegtsmux name=mux alignment=7 ! " +
         sink +
         " audiotestsrc is-live=true freq=880 ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! aacparse ! mux.";
}

}  // namespace hallcast::test
