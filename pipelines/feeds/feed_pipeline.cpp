#include "feeds/feed_pipeline.h"

#include "feeds/stream_caps.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>

namespace hallcast {
namespace {

// How often a WHIP publisher is asked for a keyframe: browsers send one
// only when asked, and HLS cuts segments at them.
constexpr uint32_t kWhipKeyframeMs = 1000;

struct SinkContext {
  FeedPipeline* self;
  Track track;
};

}  // namespace

FeedPipeline::FeedPipeline(std::string name, FeedUri uri, SyntheticOptions synthetic,
                           BufferCallback on_buffer, EndCallback on_end, GMainContext* context, FeedOutput output)
    : name_(std::move(name)),
      uri_(std::move(uri)),
      synthetic_(std::move(synthetic)),
      output_(output),
      on_buffer_(std::move(on_buffer)),
      on_end_(std::move(on_end)),
      context_(context) {}

FeedPipeline::~FeedPipeline() {
  stop();
  gst_caps_replace(&video_caps_, nullptr);
  gst_caps_replace(&audio_caps_, nullptr);
}

bool FeedPipeline::start() {
  stop();
  ++epoch_;
  {
    std::lock_guard lock(mutex_);
    has_track_[0] = has_track_[1] = false;
    // Counters start again with the epoch; what the feed is (codecs, size)
    // stays until the new pipeline finds out, so that health does not go
    // blank at every restart of a looping file or a reconnect.
    FeedStats fresh;
    fresh.video_codec = stats_.video_codec;
    fresh.audio_codec = stats_.audio_codec;
    fresh.video_transcoded = stats_.video_transcoded;
    fresh.audio_transcoded = stats_.audio_transcoded;
    fresh.width = stats_.width;
    fresh.height = stats_.height;
    stats_ = std::move(fresh);
    last_keyframe_pts_ = -1;
    gst_caps_replace(&video_caps_, nullptr);
    gst_caps_replace(&audio_caps_, nullptr);
    picture_format_.clear();
    format_ = 0;
  }
  paced_ = false;
  hold_pictures_ = false;
  {
    std::lock_guard lock(graph_mutex_);
    stopping_ = false;
  }
  pipeline_ = gst_pipeline_new(name_.c_str());
  try {
    buildSource();
  } catch (const MediaError& e) {
    spdlog::error("{}: {}", name_, e.what());
    whip_.reset();
    gst_object_unref(pipeline_);
    pipeline_ = nullptr;
    link_ = nullptr;
    on_end_(e.what());
    return false;
  }
  bus_watch_ = addBusWatch(pipeline_, onBus, this, context_);
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    // The bus carries the reason; onBus reports it.
    spdlog::warn("{}: could not start {}", name_, uri_.redacted);
  }
  return true;
}

void FeedPipeline::stop() {
  removeBusWatch(bus_watch_);
  if (pipeline_) {
    {
      std::lock_guard lock(graph_mutex_);
      stopping_ = true;
    }
    gst_element_set_state(pipeline_, GST_STATE_NULL);  // joins the streaming threads
    held_picture_.clear();
    whip_.reset();
    gst_object_unref(pipeline_);
    pipeline_ = nullptr;
    link_ = nullptr;
  }
}

FeedStats FeedPipeline::stats() const {
  FeedStats out;
  {
    std::lock_guard lock(mutex_);
    out = stats_;
  }
  if (!link_) return out;
  // srtsrc: the figures of the connection, or in listener mode one
  // structure per caller (an encoder), summed.
  GstStructure* stats = nullptr;
  g_object_get(link_, "stats", &stats, nullptr);
  if (!stats) return out;
  const auto add = [&out](const GstStructure* s) {
    gint lost = 0;
    gdouble rtt = 0;
    if (gst_structure_get_int(s, "packets-received-lost", &lost)) {
      out.link_packets_lost = std::max<int64_t>(out.link_packets_lost, 0) + lost;
    }
    if (gst_structure_get_double(s, "rtt-ms", &rtt)) out.link_rtt_ms = std::max(out.link_rtt_ms, rtt);
  };
  const GValue* callers = gst_structure_get_value(stats, "callers");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS  // srtsrc hands out a GValueArray
  if (callers && G_VALUE_HOLDS(callers, g_value_array_get_type())) {
    auto* array = static_cast<GValueArray*>(g_value_get_boxed(callers));
    for (guint i = 0; array && i < array->n_values; ++i) {
      const GValue* v = g_value_array_get_nth(array, i);
      if (GST_VALUE_HOLDS_STRUCTURE(v)) add(gst_value_get_structure(v));
    }
  } else {
    add(stats);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
  gst_structure_free(stats);
  return out;
}

void FeedPipeline::buildSource() {
  switch (uri_.scheme) {
    case FeedScheme::kTest: buildTestSource(*this, synthetic_, output_); break;
    case FeedScheme::kSrt: buildSrtSource(*this, uri_); break;
    case FeedScheme::kRtsp: buildRtspSource(*this, uri_); break;
    case FeedScheme::kRtmp: buildRtmpSource(*this, uri_); break;
    case FeedScheme::kFile: buildFileSource(*this, uri_); break;
    // Nothing to build until a publisher's offer comes (whip()).
    case FeedScheme::kWhip: whip_ = std::make_unique<WhipReceiver>(static_cast<FeedGraph&>(*this), name_, kWhipKeyframeMs, context_);
      break;
  }
}

void FeedPipeline::lost(const std::string& reason) {
  // From a streaming or network thread — or from the media thread itself
  // while stop() tears the source down: end the feed later on the media
  // thread (never from inside stop()), unless it was restarted meanwhile.
  struct Lost {
    FeedPipeline* self;
    std::weak_ptr<bool> alive;  // the feed may be gone when this runs
    uint32_t epoch;
    std::string reason;
  };
  GSource* idle = g_idle_source_new();
  g_source_set_callback(
      idle,
      [](gpointer data) -> gboolean {
        auto* l = static_cast<Lost*>(data);
        if (l->alive.expired()) return G_SOURCE_REMOVE;
        if (l->self->running() && l->self->epoch_ == l->epoch) l->self->on_end_(l->reason);
        return G_SOURCE_REMOVE;
      },
      new Lost{this, alive_, epoch_, reason}, [](gpointer data) { delete static_cast<Lost*>(data); });
  g_source_attach(idle, context_);
  g_source_unref(idle);
}

GstElement* FeedPipeline::newParser() {
  std::lock_guard graph_lock(graph_mutex_);
  if (stopping_) return nullptr;
  GstElement* parser = makeElement("parsebin");
  g_signal_connect(parser, "pad-added", G_CALLBACK(onParserPad), this);
  // A live MPEG-TS feed (SRT) is timed by its PTS and DTS as the encoder
  // wrote them, not corrected by when its PCR arrived: on a loaded machine
  // that correction bent the times by up to 16 ms a frame, until a frame
  // without a DTS of its own (its PES gives only the PTS) decoded before the
  // one ahead of it — players then decoded frames out of order (Chromium:
  // PIPELINE_ERROR_DECODE) and the switch dropped some as going backwards.
  // (A file is paced by the clock from its own times, which need the PCR.)
  // Its pictures are held back until whole (HeldPicture).
  g_signal_connect(parser, "deep-element-added",
                   G_CALLBACK(+[](GstBin*, GstBin*, GstElement* element, gpointer data) {
                     auto* self = static_cast<FeedPipeline*>(data);
                     GstElementFactory* factory = gst_element_get_factory(element);
                     if (!self->paced_ && factory && std::string_view(GST_OBJECT_NAME(factory)) == "tsdemux") {
                       g_object_set(element, "ignore-pcr", TRUE, nullptr);
                       self->hold_pictures_ = true;
                     }
                   }),
                   this);
  gst_bin_add(bin(), parser);
  gst_element_sync_state_with_parent(parser);
  return parser;
}

void FeedPipeline::parse(GstElement* src) {
  GstElement* parser = newParser();
  if (!parser) throw MediaError("the feed is stopping");
  gst_bin_add(bin(), src);
  if (!gst_element_link(src, parser)) {
    throw MediaError(std::string("cannot link ") + GST_ELEMENT_NAME(src) + " to its parser");
  }
}

void FeedPipeline::onParserPad(GstElement*, GstPad* pad, gpointer self) {
  static_cast<FeedPipeline*>(self)->onElementaryPad(pad);
}

void FeedPipeline::onElementaryPad(GstPad* pad) {
  // The parser may expose a stream before it knows its exact format; the
  // chain is chosen on the stream's first caps.
  CapsOwned caps(gst_pad_get_current_caps(pad));
  if (caps) {
    linkElementary(pad, caps.get());
    return;
  }
  gst_pad_add_probe(
      pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      [](GstPad* p, GstPadProbeInfo* info, gpointer self) -> GstPadProbeReturn {
        GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
        if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
        GstCaps* stream_caps = nullptr;
        gst_event_parse_caps(event, &stream_caps);
        static_cast<FeedPipeline*>(self)->linkElementary(p, stream_caps);
        return GST_PAD_PROBE_REMOVE;
      },
      this, nullptr);
}

void FeedPipeline::linkElementary(GstPad* pad, GstCaps* caps) {
  std::lock_guard graph_lock(graph_mutex_);
  if (stopping_) return;
  const std::string media = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  const std::string codec = codecName(caps);
  const bool video = media.rfind("video/", 0) == 0;
  const bool audio = media.rfind("audio/", 0) == 0;
  const Track track = video ? Track::kVideo : Track::kAudio;

  GstElement* head = nullptr;
  try {
    bool wanted = false;
    if (audio || (video && output_ != FeedOutput::kVoice)) {
      std::lock_guard lock(mutex_);
      wanted = !has_track_[static_cast<int>(track)];
      has_track_[static_cast<int>(track)] = true;
    }
    if (!wanted) {
      head = makeElement("fakesink");  // a second video, subtitles, data: not used
      g_object_set(head, "async", FALSE, "sync", FALSE, nullptr);
      gst_bin_add(bin(), head);
    } else {
      const bool transcode = video ? media != "video/x-h264"
                                   : (output_ == FeedOutput::kVoice || codec != "aac" || !isOnAirAudio(caps));
      head = outputFor(track, transcode ? caps : nullptr, codec);
    }
  } catch (const MediaError& e) {
    spdlog::error("{}: {}", name_, e.what());
    return;
  }
  gst_element_sync_state_with_parent(head);
  GstPad* sink = gst_element_get_static_pad(head, "sink");
  const GstPadLinkReturn linked = gst_pad_link(pad, sink);
  if (linked != GST_PAD_LINK_OK) {
    spdlog::warn("{}: cannot link a {} stream: {}", name_, media, gst_pad_link_get_name(linked));
  }
  gst_object_unref(sink);
}

void FeedPipeline::linkEncoded(Track track, GstElement* src) {
  GstElement* head = outputFor(track, /*decode=*/nullptr, track == Track::kVideo ? "h264" : "aac");
  if (!gst_element_link(src, head)) throw MediaError("cannot link an encoder to the feed output");
  std::lock_guard lock(mutex_);
  has_track_[static_cast<int>(track)] = true;
}

// Builds the chain that turns one elementary stream into what the room's
// output takes — H.264 byte-stream access units, or AAC in ADTS — ending in
// an appsink. A stream with `decode` caps is decoded and encoded to those.
// Returns the chain's first element (unlinked upstream).
GstElement* FeedPipeline::outputFor(Track track, const GstCaps* decode, const std::string& codec) {
  const bool video = track == Track::kVideo;
  const bool transcode = decode != nullptr;
  std::string description;
  if (transcode) description = decoderFor(decode) + " ! ";
  if (video) {
    if (transcode) {
      // 8-bit 4:2:0, which every browser decodes (x264enc would otherwise
      // keep 4:4:4 or 10-bit input as it is).
      description += "videoconvert ! video/x-raw,format=I420 ! x264enc speed-preset=veryfast tune=zerolatency key-int-max=60 bframes=0 "
                    "bitrate=3000 ! ";
    }
    description += "h264parse config-interval=-1 ! capsfilter caps=video/x-h264,stream-format=byte-stream,alignment=au";
  } else {
    if (transcode) {
      description += (output_ == FeedOutput::kVoice ? std::string(kVoiceEncoder) : onAirAudioEncoder()) + " ! ";
    }
    // The AAC goes on as it is; a copy is decoded for the level meters.
    // (No queues: decoding AAC is cheap enough for the streaming thread,
    // and a thread per branch per room costs memory.)
    description += "aacparse ! capsfilter caps=audio/mpeg,stream-format=adts ! tee name=t "
                   "t. ! avdec_aac ! audioconvert ! level interval=500000000 post-messages=true ! "
                   "fakesink sync=false async=false "
                   "t. ! identity";
  }
  // No element with dynamic pads in here: ghosting picks the first element's
  // sink pad only when every pad inside is linked.
  GError* error = nullptr;
  GstElement* chain = gst_parse_bin_from_description(description.c_str(), TRUE, &error);
  if (!chain) {
    std::string message = error ? error->message : "unknown";
    g_clear_error(&error);
    throw MediaError("cannot build the " + std::string(video ? "video" : "audio") + " chain: " + message);
  }
  GstElement* sink = makeElement("appsink", video ? "video" : "audio");
  // async=false: sinks added while the pipeline plays (streams found late)
  // must not send it back to preroll.
  g_object_set(sink, "sync", paced_ ? TRUE : FALSE, "async", FALSE, "max-buffers", 200, "drop", FALSE,
               nullptr);
  auto* context = new SinkContext{this, track};
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = onNewSample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, context,
                             [](gpointer data) { delete static_cast<SinkContext*>(data); });
  gst_bin_add_many(bin(), chain, sink, nullptr);
  if (!gst_element_link(chain, sink)) throw MediaError("cannot link the feed output");
  gst_element_sync_state_with_parent(sink);
  gst_element_sync_state_with_parent(chain);
  {
    std::lock_guard lock(mutex_);
    (video ? stats_.video_codec : stats_.audio_codec) = codec;
    (video ? stats_.video_transcoded : stats_.audio_transcoded) = transcode;
  }
  if (transcode) {
    spdlog::info("{}: transcoding {} to {}", name_, codec,
                 video ? "H.264" : output_ == FeedOutput::kVoice ? "AAC 48 kHz mono" : "AAC-LC 48 kHz stereo");
  }
  return chain;
}

GstFlowReturn FeedPipeline::onNewSample(GstAppSink* sink, gpointer data) {
  auto* context = static_cast<SinkContext*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (!sample) return GST_FLOW_EOS;
  context->self->onSample(context->track, sample);
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

void FeedPipeline::onSample(Track track, GstSample* sample) {
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  if (!buffer) return;
  uint32_t format = 0;
  bool audio_changed = false;
  {
    std::lock_guard lock(mutex_);
    stats_.bytes += gst_buffer_get_size(buffer);
    if (track == Track::kAudio) {
      ++stats_.audio_buffers;
      // AAC that went on air as it was and now comes in another format (an
      // encoder reconfigured while it sends): the feed starts again, and its
      // new format is converted.
      GstCaps* caps = gst_sample_get_caps(sample);
      if (caps && caps != audio_caps_) {
        gst_caps_replace(&audio_caps_, caps);
        audio_changed = output_ == FeedOutput::kAudioVideo && !stats_.audio_transcoded && !isOnAirAudio(caps);
      }
    } else {
      ++stats_.video_frames;
      if (!GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT)) {
        ++stats_.keyframes;
        const int64_t pts = toNs(GST_BUFFER_PTS(buffer));
        if (last_keyframe_pts_ >= 0 && pts > last_keyframe_pts_) {
          stats_.keyframe_interval_ns = pts - last_keyframe_pts_;
        }
        last_keyframe_pts_ = pts;
      }
      // An encoder may change its picture mid-stream (new SPS, same
      // connection): health shows the size now sent, and the room starts a
      // new segment with it. The caps object changes only then.
      GstCaps* caps = gst_sample_get_caps(sample);
      if (caps && caps != video_caps_) {
        gst_caps_replace(&video_caps_, caps);
        const GstStructure* s = gst_caps_get_structure(caps, 0);
        gst_structure_get_int(s, "width", &stats_.width);
        gst_structure_get_int(s, "height", &stats_.height);
        std::string now = pictureFormat(caps);
        if (!picture_format_.empty() && now != picture_format_) ++format_;
        picture_format_ = std::move(now);
      }
      format = format_;
    }
  }
  if (audio_changed) {
    lost("the feed's audio changed to a format that must be converted");
    return;
  }
  EncodedSample out;
  out.track = track;
  out.buffer = buffer;
  out.caps = gst_sample_get_caps(sample);
  out.epoch = epoch_;
  out.format = format;
  out.duration = toNs(GST_BUFFER_DURATION(buffer));
  out.keyframe = track == Track::kAudio || !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  const GstSegment* segment = gst_sample_get_segment(sample);
  const auto runningTime = [segment](GstClockTime t) -> int64_t {
    if (!GST_CLOCK_TIME_IS_VALID(t)) return -1;
    if (!segment || segment->format != GST_FORMAT_TIME) return static_cast<int64_t>(t);
    guint64 rt = 0;
    // DTS may lie before the segment start (B-frames): then it is negative.
    const int sign = gst_segment_to_running_time_full(segment, GST_FORMAT_TIME, t, &rt);
    return sign > 0 ? static_cast<int64_t>(rt) : sign < 0 ? -static_cast<int64_t>(rt) : -1;
  };
  out.pts = runningTime(GST_BUFFER_PTS(buffer));
  out.dts = runningTime(GST_BUFFER_DTS(buffer));
  if (track == Track::kVideo && hold_pictures_) {
    held_picture_.pass(sample, out, on_buffer_);
  } else {
    on_buffer_(out);
  }
}

void FeedPipeline::onLevel(const GstStructure* level) {
  // "peak" and "rms" are arrays of doubles, one per channel.
  const auto values = [level](const char* field) {
    std::vector<double> out;
    const GValue* array = gst_structure_get_value(level, field);
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS  // level hands out GValueArrays
    if (!array || !G_VALUE_HOLDS(array, g_value_array_get_type())) return out;
    const GValueArray* channels = static_cast<const GValueArray*>(g_value_get_boxed(array));
    for (guint i = 0; channels && i < channels->n_values; ++i) {
      out.push_back(g_value_get_double(g_value_array_get_nth(const_cast<GValueArray*>(channels), i)));
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    return out;
  };
  GstClockTime running_time = GST_CLOCK_TIME_NONE;
  gst_structure_get_clock_time(level, "running-time", &running_time);
  std::vector<double> peak = values("peak");
  std::vector<double> rms = values("rms");
  const bool loud = std::any_of(rms.begin(), rms.end(), [](double db) { return db > kSilenceDbfs; });
  std::lock_guard lock(mutex_);
  stats_.audio_peak_dbfs = std::move(peak);
  stats_.audio_rms_dbfs = std::move(rms);
  stats_.last_level_ns = toNs(running_time);
  if (loud || stats_.last_loud_ns < 0) stats_.last_loud_ns = loud ? toNs(running_time) : 0;
}

gboolean FeedPipeline::onBus(GstBus*, GstMessage* message, gpointer data) {
  auto* self = static_cast<FeedPipeline*>(data);
  switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ERROR: {
      std::string reason = describeBusError(message);
      // Elements quote their URI in errors; never show its credentials.
      for (std::size_t at; (at = reason.find(self->uri_.uri)) != std::string::npos;) {
        reason.replace(at, self->uri_.uri.size(), self->uri_.redacted);
      }
      spdlog::warn("{}: {}", self->name_, reason);
      // Not from inside this pipeline's own bus watch: the owner stops and
      // frees the pipeline it is called about.
      self->lost(reason);
      break;
    }
    case GST_MESSAGE_ELEMENT: {
      const GstStructure* s = gst_message_get_structure(message);
      if (s && gst_structure_has_name(s, "level")) self->onLevel(s);
      break;
    }
    case GST_MESSAGE_EOS:
      spdlog::info("{}: end of stream", self->name_);
      self->lost(kEndOfStream);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;  // the owner stops the pipeline (and this watch) if it wants
}

}  // namespace hallcast
