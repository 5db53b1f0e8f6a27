#include "feeds/loop_source.h"

#include <gst/app/gstappsink.h>

#include <algorithm>

#include "gst/gst_util.h"

namespace hallcast {

LoopSource::LoopSource(const std::string& description, const std::string& title,
                       FeedPipeline::BufferCallback on_sample, GMainContext* context)
    : on_sample_(std::move(on_sample)), context_(context) {
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (!pipeline) {
    std::string message = error ? error->message : "unknown";
    g_clear_error(&error);
    throw MediaError("cannot build the slate: " + message);
  }
  g_clear_error(&error);
  GstOwned<GstElement> owner(pipeline);
  GstOwned<GstElement> sinks[2] = {GstOwned<GstElement>(gst_bin_get_by_name(GST_BIN(pipeline), "video")),
                                   GstOwned<GstElement>(gst_bin_get_by_name(GST_BIN(pipeline), "audio"))};
  if (GstOwned<GstElement> overlay{gst_bin_get_by_name(GST_BIN(pipeline), "title")}) {
    g_object_set(overlay.get(), "text", title.c_str(), nullptr);
  }
  // Not live: it encodes as fast as it can, and the appsinks keep everything.
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* end = gst_bus_timed_pop_filtered(bus, 30 * GST_SECOND,
                                               static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  const bool ok = end && GST_MESSAGE_TYPE(end) == GST_MESSAGE_EOS;
  std::string reason = end && !ok ? describeBusError(end) : "timed out";
  if (end) gst_message_unref(end);
  gst_object_unref(bus);
  if (ok) {
    for (int t = 0; t < 2; ++t) {
      if (!sinks[t]) continue;
      while (GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sinks[t].get()), 0)) {
        GstBuffer* buffer = gst_sample_get_buffer(sample);
        const GstSegment* segment = gst_sample_get_segment(sample);
        const int64_t pts = toNs(gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer)));
        Stored s{static_cast<Track>(t), gst_buffer_ref(buffer), gst_caps_ref(gst_sample_get_caps(sample)), pts,
                 toNs(GST_BUFFER_DURATION(buffer)),
                 t == 1 || !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT)};
        samples_.push_back(s);
        gst_sample_unref(sample);
      }
    }
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  std::stable_sort(samples_.begin(), samples_.end(),
                   [](const Stored& a, const Stored& b) { return a.pts < b.pts; });
  // An encoder may leave durations out (the AAC encoder does): a sample
  // lasts until the next of its track, the last as long as the one before.
  // The room times silence from the slate's frames by them.
  for (const Track track : {Track::kVideo, Track::kAudio}) {
    Stored* previous = nullptr;
    for (Stored& s : samples_) {
      if (s.track != track) continue;
      if (previous && previous->duration <= 0) previous->duration = s.pts - previous->pts;
      previous = &s;
    }
    if (previous && previous->duration <= 0) {
      for (auto it = samples_.rbegin(); it != samples_.rend(); ++it) {
        if (it->track == track && &*it != previous && it->duration > 0) {
          previous->duration = it->duration;
          break;
        }
      }
    }
  }
  for (const Stored& s : samples_) loop_ns_ = std::max(loop_ns_, s.pts + std::max<int64_t>(s.duration, 0));
  if (!ok || samples_.empty() || loop_ns_ <= 0) throw MediaError("cannot encode the slate: " + reason);
}

LoopSource::~LoopSource() {
  stop();
  for (Stored& s : samples_) {
    gst_buffer_unref(s.buffer);
    gst_caps_unref(s.caps);
  }
}

void LoopSource::start() {
  if (timer_) return;
  if (started_ == std::chrono::steady_clock::time_point{}) started_ = std::chrono::steady_clock::now();
  timer_ = g_timeout_source_new(20);
  g_source_set_callback(timer_, onTick, this, nullptr);
  g_source_attach(timer_, context_);
  rewind();
}

void LoopSource::stop() {
  if (!timer_) return;
  g_source_destroy(timer_);
  g_source_unref(timer_);
  timer_ = nullptr;
}

int64_t LoopSource::elapsedNs() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started_).count();
}

void LoopSource::rewind() {
  if (!timer_) return;
  // Everything emitted so far is due by now, so the times keep increasing.
  loop_start_ns_ = elapsedNs();
  next_ = 0;
  emitDue();
}

gboolean LoopSource::onTick(gpointer self) {
  static_cast<LoopSource*>(self)->emitDue();
  return G_SOURCE_CONTINUE;
}

void LoopSource::emitDue() {
  const int64_t now = elapsedNs();
  for (;;) {
    if (next_ == samples_.size()) {
      next_ = 0;
      loop_start_ns_ += loop_ns_;
    }
    const Stored& s = samples_[next_];
    const int64_t at = loop_start_ns_ + s.pts;
    if (at > now) return;
    EncodedSample out;
    out.track = s.track;
    out.buffer = s.buffer;
    out.caps = s.caps;
    out.pts = out.dts = at;
    out.duration = s.duration;
    out.keyframe = s.keyframe;
    on_sample_(out);
    ++next_;
  }
}

}  // namespace hallcast
