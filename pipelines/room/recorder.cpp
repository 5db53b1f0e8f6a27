#include "room/recorder.h"

#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "gst/gst_util.h"

namespace hallcast {

Recorder::Recorder(std::string room_id, std::filesystem::path dir, std::chrono::seconds file_duration)
    : room_id_(std::move(room_id)), dir_(std::move(dir)), file_duration_(file_duration) {}

Recorder::~Recorder() { stop(); }

void Recorder::start() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);  // earlier recordings stay
  if (ec) throw MediaError("cannot create " + dir_.string() + ": " + ec.message());
  prefix_ = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
  // The room's output is H.264 byte-stream and AAC in ADTS; MP4 wants them
  // in their "avc" and raw forms, which the parsers convert to.
  pipeline_ = gst_pipeline_new(("recorder-" + room_id_).c_str());
  sources_[0] = makeAppSource("video");
  sources_[1] = makeAppSource("audio");
  GstElement* video_parse = makeElement("h264parse");
  GstElement* audio_parse = makeElement("aacparse");
  GstElement* muxer = makeElement("mp4mux");
  g_object_set(muxer, "fragment-duration", 1000u, nullptr);
  GstElement* splitmux = makeElement("splitmuxsink");
  g_object_set(splitmux, "muxer", muxer, "max-size-time",
               static_cast<guint64>(std::chrono::nanoseconds(file_duration_).count()), nullptr);
  g_signal_connect(splitmux, "format-location", G_CALLBACK(onFormatLocation), this);
  gst_bin_add_many(GST_BIN(pipeline_), sources_[0], sources_[1], video_parse, audio_parse, splitmux, nullptr);
  if (!gst_element_link(sources_[0], video_parse) || !gst_element_link(sources_[1], audio_parse) ||
      !gst_element_link_pads(video_parse, "src", splitmux, "video") ||
      !gst_element_link_pads(audio_parse, "src", splitmux, "audio_%u")) {
    throw MediaError("cannot link the recorder of " + room_id_);
  }
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw MediaError("cannot start the recorder of " + room_id_);
  }
  spdlog::info("room {}: recording to {}", room_id_, dir_.string());
}

void Recorder::stop() {
  if (!pipeline_) return;
  stopAfterEos(pipeline_, {sources_[0], sources_[1]});
  pipeline_ = nullptr;
  sources_[0] = sources_[1] = nullptr;
  gst_caps_replace(&caps_[0], nullptr);
  gst_caps_replace(&caps_[1], nullptr);
}

void Recorder::push(Track track, GstBuffer* buffer, GstCaps* caps) {
  if (!pipeline_) return;
  const int t = static_cast<int>(track);
  {
    std::lock_guard lock(mutex_);
    updateAppSourceCaps(sources_[t], caps_[t], caps);
  }
  gst_app_src_push_buffer(GST_APP_SRC(sources_[t]), gst_buffer_ref(buffer));
}

gchar* Recorder::onFormatLocation(GstElement*, guint fragment_id, gpointer data) {
  auto* self = static_cast<Recorder*>(data);
  char name[64];
  std::snprintf(name, sizeof name, "-%05u.mp4", fragment_id);
  ++self->files_;
  return g_strdup((self->dir_ / (self->prefix_ + name)).c_str());
}

}  // namespace hallcast
