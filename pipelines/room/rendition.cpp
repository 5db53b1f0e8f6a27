#include "room/rendition.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <spdlog/spdlog.h>

#include "gst/gst_util.h"

namespace hallcast {
namespace {

// A decoded picture within this of a source keyframe's time is that keyframe.
constexpr int64_t kSameFrame = 1'000'000;  // 1 ms
// Source keyframes remembered at most (the decoder drops nothing normally:
// they are matched within a frame or two).
constexpr std::size_t kMaxPending = 64;

GstBusSyncReply onMessage(GstBus*, GstMessage* message, gpointer data) {
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR || GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    spdlog::warn("ladder {}: {}", *static_cast<std::string*>(data), describeBusError(message));
  }
  gst_message_unref(message);
  return GST_BUS_DROP;  // nobody else reads this bus
}

}  // namespace

Rendition::Rendition(const std::string& room_id, LadderRendition spec, const std::filesystem::path& room_dir,
                     HlsTiming timing, GMainContext* context, const HlsOutput* main, PlaylistCallback on_playlist)
    : room_id_(room_id + "-" + std::to_string(spec.height) + "p"),
      spec_(spec),
      name_(std::to_string(spec.height) + "p"),
      output_(room_id_, room_dir / name_, room_id + "/" + name_ + "/index.m3u8", timing, context,
              std::move(on_playlist)) {
  output_.followTimeBase(main);
}

Rendition::~Rendition() { stop(); }

void Rendition::start() {
  output_.start();
  // Decoded, scaled (the capsfilter gets the width when the source's size is
  // known), encoded for live: one thread, no B-frames (every DTS is its
  // PTS), no scene-cut or periodic keyframes — only the forced ones.
  const std::string launch =
      "appsrc name=src is-live=true format=time do-timestamp=false block=false max-bytes=16000000 ! "
      "avdec_h264 ! videoscale ! videoconvert ! capsfilter name=size caps=video/x-raw,height=" +
      std::to_string(spec_.height) +
      " ! x264enc name=enc speed-preset=veryfast tune=zerolatency bframes=0 threads=1 key-int-max=100000 "
      "option-string=scenecut=0 bitrate=" +
      std::to_string(spec_.bitrate_kbps) +
      " ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au ! "
      "appsink name=sink sync=false async=false emit-signals=true";
  GError* error = nullptr;
  pipeline_ = gst_parse_launch(launch.c_str(), &error);
  if (!pipeline_ || error) {
    std::string message = error ? error->message : "unknown";
    g_clear_error(&error);
    if (pipeline_) gst_object_unref(pipeline_);
    pipeline_ = nullptr;
    throw MediaError("cannot build the " + name_ + " rendition of " + room_id_ + ": " + message);
  }
  source_ = gst_bin_get_by_name(GST_BIN(pipeline_), "src");
  size_ = gst_bin_get_by_name(GST_BIN(pipeline_), "size");
  GstOwned<GstElement> encoder(gst_bin_get_by_name(GST_BIN(pipeline_), "enc"));
  GstOwned<GstPad> encoder_in(gst_element_get_static_pad(encoder.get(), "sink"));
  gst_pad_add_probe(encoder_in.get(), GST_PAD_PROBE_TYPE_BUFFER, onEncoderInput, this, nullptr);
  GstOwned<GstElement> sink(gst_bin_get_by_name(GST_BIN(pipeline_), "sink"));
  g_signal_connect(sink.get(), "new-sample", G_CALLBACK(onEncoded), this);
  GstOwned<GstBus> bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_)));
  gst_bus_set_sync_handler(bus.get(), onMessage, &room_id_, nullptr);
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw MediaError("cannot start the " + name_ + " rendition of " + room_id_);
  }
  spdlog::info("room {}: ladder rendition {} at {} kbps", room_id_, name_, spec_.bitrate_kbps);
}

void Rendition::stop() {
  if (pipeline_) {
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    gst_object_unref(source_);
    gst_object_unref(size_);
    gst_object_unref(pipeline_);
    pipeline_ = source_ = size_ = nullptr;
  }
  output_.stop();
  std::lock_guard lock(mutex_);
  gst_caps_replace(&caps_, nullptr);
  keyframes_.clear();
}

void Rendition::push(Track track, GstBuffer* buffer, GstCaps* caps, bool keyframe) {
  if (!pipeline_) return;
  if (track == Track::kAudio) {
    output_.push(Track::kAudio, gst_buffer_ref(buffer), caps);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (updateAppSourceCaps(source_, caps_, caps)) {
      // The scaled size: this height, the width that keeps the aspect.
      const GstStructure* s = gst_caps_get_structure(caps, 0);
      int width = 0, height = 0, par_n = 1, par_d = 1;
      gst_structure_get_int(s, "width", &width);
      gst_structure_get_int(s, "height", &height);
      gst_structure_get_fraction(s, "pixel-aspect-ratio", &par_n, &par_d);
      const uint32_t scaled = scaledEvenWidth(width, height, par_n, par_d, spec_.height);
      if (scaled > 0) {
        CapsOwned size(gst_caps_new_simple("video/x-raw", "format", G_TYPE_STRING, "I420", "width", G_TYPE_INT,
                                           static_cast<int>(scaled), "height", G_TYPE_INT,
                                           static_cast<int>(spec_.height), "pixel-aspect-ratio", GST_TYPE_FRACTION,
                                           1, 1, nullptr));
        g_object_set(size_, "caps", size.get(), nullptr);
      }
    }
    if (keyframe && GST_BUFFER_PTS_IS_VALID(buffer)) {
      keyframes_.push_back(static_cast<int64_t>(GST_BUFFER_PTS(buffer)));
      if (keyframes_.size() > kMaxPending) keyframes_.pop_front();
    }
  }
  gst_app_src_push_buffer(GST_APP_SRC(source_), gst_buffer_ref(buffer));
}

HlsVariant Rendition::variant() const {
  HlsVariant v;
  v.uri = uri();
  v.height = spec_.height;
  std::lock_guard lock(mutex_);
  v.width = width_;
  v.video_codec = codec_;
  return v;
}

GstPadProbeReturn Rendition::onEncoderInput(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
  // A decoded picture at a source keyframe's time: the encoder makes it a
  // keyframe too (the event is handled before the picture).
  auto* self = static_cast<Rendition*>(data);
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!buffer || !GST_BUFFER_PTS_IS_VALID(buffer)) return GST_PAD_PROBE_OK;
  const auto pts = static_cast<int64_t>(GST_BUFFER_PTS(buffer));
  bool force = false;
  {
    std::lock_guard lock(self->mutex_);
    while (!self->keyframes_.empty() && self->keyframes_.front() < pts - kSameFrame) self->keyframes_.pop_front();
    if (!self->keyframes_.empty() && self->keyframes_.front() <= pts + kSameFrame) {
      force = true;
      self->keyframes_.pop_front();
    }
  }
  if (force) {
    gst_pad_send_event(pad, gst_video_event_new_downstream_force_key_unit(
                                GST_BUFFER_PTS(buffer), GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE, TRUE, 0));
  }
  return GST_PAD_PROBE_OK;
}

GstFlowReturn Rendition::onEncoded(GstElement* sink, gpointer data) {
  auto* self = static_cast<Rendition*>(data);
  GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(sink));
  if (!sample) return GST_FLOW_OK;
  GstBuffer* encoded = gst_sample_get_buffer(sample);
  GstCaps* caps = gst_sample_get_caps(sample);
  if (encoded && caps) {
    GstBuffer* copy = gst_buffer_copy(encoded);  // shares the memory
    // Back on the output timeline: x264enc moves its output segment 1000
    // hours ahead (room for negative DTS); the running time is unchanged.
    const GstSegment* segment = gst_sample_get_segment(sample);
    if (segment && segment->format == GST_FORMAT_TIME) {
      GST_BUFFER_PTS(copy) = gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(copy));
      GST_BUFFER_DTS(copy) = gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_DTS(copy));
    }
    // The output wants a DTS on every buffer; without B-frames it is the PTS.
    if (!GST_BUFFER_DTS_IS_VALID(copy)) GST_BUFFER_DTS(copy) = GST_BUFFER_PTS(copy);
    const bool keyframe = !GST_BUFFER_FLAG_IS_SET(copy, GST_BUFFER_FLAG_DELTA_UNIT);
    bool need_codec = false;
    {
      std::lock_guard lock(self->mutex_);
      int width = 0;
      if (gst_structure_get_int(gst_caps_get_structure(caps, 0), "width", &width)) {
        self->width_ = static_cast<uint32_t>(width);
      }
      need_codec = keyframe && self->codec_.empty();
    }
    if (need_codec) {
      GstMapInfo map;
      if (gst_buffer_map(copy, &map, GST_MAP_READ)) {
        const auto codec = avcCodecString(map.data, map.size);
        gst_buffer_unmap(copy, &map);
        std::lock_guard lock(self->mutex_);
        if (codec) self->codec_ = *codec;
      }
    }
    self->output_.push(Track::kVideo, copy, caps);
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

}  // namespace hallcast
