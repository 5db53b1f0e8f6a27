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

void GstPublisher::set(const std::string& element, const std::string& property, const std::string& value) {
  GstElement* e = pipeline_ ? gst_bin_get_by_name(GST_BIN(pipeline_), element.c_str()) : nullptr;
  if (!e) throw std::runtime_error("no element " + element + " in the test pipeline");
  gst_util_set_object_arg(G_OBJECT(e), property.c_str(), value.c_str());
  gst_object_unref(e);
}

std::string encoderPipeline(const std::string& sink, int width, int height, const std::string& video_encoder,
                            const std::string& muxer) {
  return "videotestsrc is-live=true pattern=smpte ! capsfilter name=size caps=\"video/x-raw,width=" +
         std::to_string(width) + ",height=" + std::to_string(height) + ",framerate=25/1\" ! " + video_encoder +
         " ! " + muxer +
         " name=mux ! " + sink +
         " audiotestsrc is-live=true freq=880 ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! aacparse ! mux.";
}

}  // namespace hallcast::test
