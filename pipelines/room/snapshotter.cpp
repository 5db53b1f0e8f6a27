#include "room/snapshotter.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include <fstream>

#include "gst/gst_util.h"
#include "room/replace_file.h"

namespace hallcast {

Snapshotter::Snapshotter(std::string room_id, std::filesystem::path file, std::chrono::milliseconds interval)
    : room_id_(std::move(room_id)), file_(std::move(file)), interval_(interval) {}

Snapshotter::~Snapshotter() { stop(); }

void Snapshotter::start() {
  // Thumbnails 320 pixels wide, aspect kept, analysed at that size (the
  // brightness of a picture does not need every pixel); the source drops
  // rather than ever block the room.
  GError* error = nullptr;
  pipeline_ = gst_parse_launch(
      "appsrc name=src is-live=true format=time block=false max-bytes=4000000 ! avdec_h264 ! videoconvert ! "
      "videoscale ! video/x-raw,format=I420,width=320,pixel-aspect-ratio=1/1 ! videoanalyse ! "
      "jpegenc quality=80 ! appsink name=jpeg sync=false async=false max-buffers=2 drop=true emit-signals=true",
      &error);
  if (!pipeline_) {
    std::string message = error ? error->message : "unknown";
    g_clear_error(&error);
    throw MediaError("cannot build the snapshot pipeline of " + room_id_ + ": " + message);
  }
  g_clear_error(&error);
  source_ = gst_bin_get_by_name(GST_BIN(pipeline_), "src");
  GstOwned<GstElement> sink(gst_bin_get_by_name(GST_BIN(pipeline_), "jpeg"));
  g_signal_connect(sink.get(), "new-sample", G_CALLBACK(onJpeg), this);
  // videoanalyse posts its figures as element messages: read on the
  // streaming thread that posts them (this pipeline has no bus watch).
  GstOwned<GstBus> bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_)));
  gst_bus_set_sync_handler(bus.get(), onMessage, this, nullptr);
  gst_element_set_state(pipeline_, GST_STATE_PLAYING);
}

void Snapshotter::stop() {
  if (!pipeline_) return;
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  gst_object_unref(source_);
  gst_object_unref(pipeline_);
  pipeline_ = source_ = nullptr;
  gst_caps_replace(&caps_, nullptr);
}

void Snapshotter::offer(GstBuffer* buffer, GstCaps* caps, bool keyframe) {
  if (!keyframe || !source_) return;
  const auto now = std::chrono::steady_clock::now();
  if (last_ != std::chrono::steady_clock::time_point{} && now - last_ < interval_) return;
  last_ = now;
  updateAppSourceCaps(source_, caps_, caps);
  gst_app_src_push_buffer(GST_APP_SRC(source_), gst_buffer_ref(buffer));
}

Snapshotter::Picture Snapshotter::picture() const {
  std::lock_guard lock(mutex_);
  return picture_;
}

GstBusSyncReply Snapshotter::onMessage(GstBus*, GstMessage* message, gpointer data) {
  auto* self = static_cast<Snapshotter*>(data);
  const GstStructure* s = gst_message_get_structure(message);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && s && gst_structure_has_name(s, "GstVideoAnalyse")) {
    double luma = -1;
    double variance = -1;
    gst_structure_get_double(s, "luma-average", &luma);
    gst_structure_get_double(s, "luma-variance", &variance);
    std::lock_guard lock(self->mutex_);
    self->picture_.luma = luma;
    self->picture_.luma_variance = variance;
    if (!isBlack(luma, variance)) {
      self->picture_.black_since.reset();
    } else if (!self->picture_.black_since) {
      self->picture_.black_since = std::chrono::steady_clock::now();
    }
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    spdlog::warn("room {}: snapshot: {}", self->room_id_, describeBusError(message));
  }
  gst_message_unref(message);
  return GST_BUS_DROP;  // nobody else reads this bus: unread messages would pile up
}

GstFlowReturn Snapshotter::onJpeg(GstElement* sink, gpointer data) {
  auto* self = static_cast<Snapshotter*>(data);
  GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(sink));
  if (!sample) return GST_FLOW_OK;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstMapInfo map;
  if (buffer && gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    std::error_code ec;
    if (!replaceFile(self->file_, std::string_view(reinterpret_cast<const char*>(map.data), map.size), ec)) spdlog::warn("room {}: cannot write the snapshot: {}", self->room_id_, ec.message());
    gst_buffer_unmap(buffer, &map);
    ++self->written_;
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

}  // namespace hallcast
