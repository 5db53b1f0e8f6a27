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
  std::lock_guard lock(mutex_);
  run_ = openRun();
  spdlog::info("room {}: recording to {}", room_id_, dir_.string());
}

Recorder::Run Recorder::openRun() {
  // The room's output is H.264 byte-stream and AAC in ADTS; MP4 wants them
  // in their "avc" and raw forms, which the parsers convert to.
  Run run;
  run.pipeline = gst_pipeline_new(("recorder-" + room_id_).c_str());
  run.sources[0] = makeAppSource("video");
  run.sources[1] = makeAppSource("audio");
  GstElement* video_parse = makeElement("h264parse");
  GstElement* audio_parse = makeElement("aacparse");
  GstElement* muxer = makeElement("mp4mux");
  g_object_set(muxer, "fragment-duration", 1000u, nullptr);
  GstElement* splitmux = makeElement("splitmuxsink");
  g_object_set(splitmux, "muxer", muxer, "max-size-time",
               static_cast<guint64>(std::chrono::nanoseconds(file_duration_).count()), nullptr);
  g_signal_connect(splitmux, "format-location", G_CALLBACK(onFormatLocation), this);
  gst_bin_add_many(GST_BIN(run.pipeline), run.sources[0], run.sources[1], video_parse, audio_parse, splitmux, nullptr);
  if (!gst_element_link(run.sources[0], video_parse) || !gst_element_link(run.sources[1], audio_parse) ||
      !gst_element_link_pads(video_parse, "src", splitmux, "video") ||
      !gst_element_link_pads(audio_parse, "src", splitmux, "audio_%u") ||
      gst_element_set_state(run.pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    gst_element_set_state(run.pipeline, GST_STATE_NULL);
    gst_object_unref(run.pipeline);
    throw MediaError("cannot start the recorder of " + room_id_);
  }
  return run;
}

void Recorder::finish(Run run) {
  stopAfterEos(run.pipeline, {run.sources[0], run.sources[1]});
  gst_caps_replace(&run.caps[0], nullptr);
  gst_caps_replace(&run.caps[1], nullptr);
}

void Recorder::finishLater(Run run) {
  // Finishing waits for the end to reach the file: not on a streaming thread.
  std::erase_if(finishing_, [](const std::future<void>& f) {
    return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  });
  finishing_.push_back(std::async(std::launch::async, [run] { finish(run); }));
}

void Recorder::stop() {
  std::vector<std::future<void>> finishing;
  Run run;
  {
    std::lock_guard lock(mutex_);
    run = run_;
    run_ = Run{};
    split_pending_ = false;
    finishing.swap(finishing_);
  }
  if (run.pipeline) finish(run);
  for (auto& f : finishing) f.wait();
}

void Recorder::split() {
  std::lock_guard lock(mutex_);
  if (run_.pushed) split_pending_ = true;
}

void Recorder::push(Track track, GstBuffer* buffer, GstCaps* caps) {
  std::lock_guard lock(mutex_);
  if (!run_.pipeline) return;
  if (split_pending_ && track == Track::kVideo) {
    split_pending_ = false;
    try {
      Run next = openRun();
      finishLater(run_);
      run_ = next;
    } catch (const MediaError& e) {
      spdlog::warn("room {}: the recording goes on in the same file: {}", room_id_, e.what());
    }
  }
  const int t = static_cast<int>(track);
  run_.pushed = true;
  updateAppSourceCaps(run_.sources[t], run_.caps[t], caps);
  gst_app_src_push_buffer(GST_APP_SRC(run_.sources[t]), gst_buffer_ref(buffer));
}

gchar* Recorder::onFormatLocation(GstElement*, guint, gpointer data) {
  // Numbered across the runs, not by the run's own splitmuxsink.
  auto* self = static_cast<Recorder*>(data);
  char name[64];
  std::snprintf(name, sizeof name, "-%05llu.mp4", static_cast<unsigned long long>(self->files_++));
  return g_strdup((self->dir_ / (self->prefix_ + name)).c_str());
}

}  // namespace hallcast
