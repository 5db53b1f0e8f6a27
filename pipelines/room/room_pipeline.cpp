#include "room/room_pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace hallcast {
namespace {

// A returning feed must flow this long before it goes back on air.
constexpr std::chrono::milliseconds kSettle{300};

// A resting slate starts again when the output's audio lags its video by
// this much: filler audio is due at StandbySwitch::kFillerLag.
constexpr int64_t kSlateWakeLag = StandbySwitch::kFillerLag / 2;

}  // namespace

const char* feedStateName(FeedState state) {
  switch (state) {
    case FeedState::kStarting: return "starting";
    case FeedState::kLive: return "live";
    case FeedState::kStandby: return "standby";
    case FeedState::kBackup: return "backup";
    case FeedState::kDown: return "down";
  }
  return "?";
}

RoomPipeline::RoomPipeline(RoomMediaConfig config, GMainContext* context, PlaylistCallback on_playlist,
                           WebRtcCallback on_webrtc)
    : config_(std::move(config)),
      context_(context),
      output_(config_.room_id, config_.output_dir, config_.room_id + "/index.m3u8", config_.hls, context, on_playlist),
      snapshots_(config_.room_id, config_.output_dir / "snapshot.jpg",
                 std::chrono::milliseconds(config_.snapshot_interval_ms)),
      policy_(std::chrono::milliseconds(config_.feed_timeout_ms), kSettle, stallTimeFor(config_.feed_timeout_ms)) {
  const auto make = [this](Source& source, const FeedUri& uri) {
    const SourceKind kind = source.kind;
    source.pipeline = std::make_unique<FeedPipeline>(
        config_.room_id + "-" + sourceName(kind), uri, SyntheticOptions{config_.title},
        [this, kind](const EncodedSample& sample) { onSample(kind, sample); },
        [this, &source](const std::string& reason) { onEnd(source, reason); }, context_);
  };
  switch_.setOutputClock([this] { return output_.runningTimeNow(); });
  if (config_.recording_dir) {
    recorder_ = std::make_unique<Recorder>(config_.room_id, *config_.recording_dir, config_.recording_file_duration);
  }
  if (config_.replay_dir) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    replay_ = std::make_unique<ReplayArchive>(config_.room_id, *config_.replay_dir, config_.session,
                                              std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    output_.archiveTo(replay_.get());
  }
  for (const LadderRendition& spec : config_.ladder) {
    ladder_.push_back(std::make_unique<Rendition>(config_.room_id, spec, config_.output_dir, config_.hls, context_,
                                                  &output_, on_playlist));
    ladder_.back()->shareReports(&reports_);
  }
  for (std::size_t i = 0; i < config_.interpretation.size(); ++i) {
    // Test tones a fifth apart, above the hall's 440 Hz: each channel sounds its own.
    const double tone_hz = 660.0 * (1.0 + 0.5 * static_cast<double>(i));
    channels_.push_back(std::make_unique<InterpretationChannel>(config_.room_id, config_.interpretation[i],
                                                                config_.output_dir, config_.hls,
                                                                config_.feed_timeout_ms, tone_hz, context_, &output_,
                                                                on_playlist));
    channels_.back()->shareReports(&reports_);
    if (replay_) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      channels_.back()->archiveTo(*config_.replay_dir / channels_.back()->dirName(), config_.session,
                                  std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    }
  }
  if (hasMaster()) output_.shareReports(&reports_);
  on_webrtc_ = std::move(on_webrtc);
  if (config_.whep) {
    webrtc_ = std::make_unique<WebRtcPublisher>(config_.room_id, config_.webrtc,
                                                [this] { return output_.runningTimeNow(); }, on_webrtc_);
  }
  make(live_, config_.feed);
  if (config_.backup) make(backup_, *config_.backup);
}

RoomPipeline::~RoomPipeline() { stop(); }

void RoomPipeline::start() {
  output_.start();  // clears the room's directory: first
  master_written_.clear();
  for (auto& rendition : ladder_) rendition->start();
  for (auto& channel : channels_) channel->start();
  snapshots_.start();
  if (recorder_) recorder_->start();
  slate_ = makeSlate(config_.title, [this](const EncodedSample& sample) { onSample(SourceKind::kSlate, sample); },
                     context_);
  slate_->start();
  for (Source* s : {&live_, &backup_}) {
    if (s->pipeline) startSource(*s);
  }
}

void RoomPipeline::stop() {
  if (slate_) slate_->stop();
  for (Source* s : {&live_, &backup_}) {
    s->restart_timer.cancel();
    if (s->pipeline) s->pipeline->stop();
  }
  if (!publisher_.empty() && on_webrtc_) {
    on_webrtc_(WebRtcEvent{config_.room_id, publisher_, WebRtcEvent::Kind::kEnded, "the room's media stopped on this node"});
  }
  publisher_.clear();
  if (webrtc_) webrtc_->stop();
  snapshots_.stop();
  if (recorder_) recorder_->stop();
  for (auto& rendition : ladder_) rendition->stop();
  for (auto& channel : channels_) channel->stop();
  output_.stop();
  std::lock_guard lock(output_mutex_);
  gst_caps_replace(&on_air_caps_, nullptr);
  gst_caps_replace(&silence_caps_, nullptr);
  if (silence_) gst_buffer_unref(silence_);
  silence_ = nullptr;
}

void RoomPipeline::startSource(Source& source) {
  source.failed = false;
  source.pipeline->start();  // a failure to build comes back through onEnd
}

void RoomPipeline::onEnd(Source& source, const std::string& reason) {
  // Media thread (bus watch or start()). Tear down now, retry later.
  // A file at its end is a loop, not a failure: it starts again at once and
  // stays on air meanwhile (the data timeout covers a slow restart).
  const bool loop = source.pipeline->uri().scheme == FeedScheme::kFile && reason == kEndOfStream;
  if (&source == &live_ && !publisher_.empty()) {
    if (on_webrtc_) on_webrtc_(WebRtcEvent{config_.room_id, publisher_, WebRtcEvent::Kind::kEnded, reason});
    publisher_.clear();
  }
  source.failed = !loop;
  if (!loop) source.last_error = reason;
  source.pipeline->stop();
  if (!loop) {
    {
      std::lock_guard lock(mutex_);
      policy_.onLost(source.kind);
    }
    tick(Clock::now());  // the backup or the slate goes on air now
  }
  if (source.restart_timer.pending()) return;
  const auto delay = loop ? std::chrono::milliseconds(0) : source.backoff;
  if (!loop) source.backoff = std::min(source.backoff * 2, kMaxRestartBackoff);
  if (!loop) {
    spdlog::info("room {}: {} feed retried in {} ms", config_.room_id, sourceName(source.kind), delay.count());
  }
  source.restart_timer.start(context_, delay, [this, &source] {
    ++source.restarts;
    startSource(source);
  });
}

void RoomPipeline::onSample(SourceKind kind, const EncodedSample& sample) {
  InputBuffer in;
  in.source = kind;
  in.epoch = sample.epoch;
  in.track = sample.track;
  // A negative DTS (B-frames before the segment start) cannot be placed: the
  // keyframe decides the timeline and such frames follow it.
  in.pts = sample.pts;
  in.dts = sample.dts < 0 ? kNoTime : sample.dts;
  in.duration = sample.duration;
  in.keyframe = sample.keyframe;
  in.format = sample.format;

  std::unique_lock state(mutex_);
  policy_.onData(kind, Clock::now());
  OutputDecision out = switch_.onBuffer(in);
  if (!out.forward && kind == SourceKind::kSlate && sample.track == Track::kAudio) {
    out = switch_.onFillerAudio(sample.duration);  // silence under a source without audio
  }
  const bool keep_silence = kind == SourceKind::kSlate && sample.track == Track::kAudio && sample.duration > 0 &&
                            !silence_kept_.load(std::memory_order_relaxed);
  if (!out.forward && !keep_silence) return;
  // Into the outputs one sample at a time, in the order the switch decided
  // (the output lock is taken before the switch's is let go), while the
  // switch and the policy are free again: tick, health and a technician's
  // command wait for a decision, never for a push.
  std::lock_guard output(output_mutex_);
  state.unlock();
  if (keep_silence && !silence_) {
    silence_kept_ = true;
    silence_ = gst_buffer_ref(sample.buffer);
    gst_caps_replace(&silence_caps_, sample.caps);
    silence_duration_ = sample.duration;
  }
  if (!out.forward) return;
  GstBuffer* copy = gst_buffer_copy(sample.buffer);  // shares the memory; new times
  GST_BUFFER_PTS(copy) = out.pts < 0 ? GST_CLOCK_TIME_NONE : static_cast<GstClockTime>(out.pts);
  GST_BUFFER_DTS(copy) = out.dts < 0 ? GST_CLOCK_TIME_NONE : static_cast<GstClockTime>(out.dts);
  if (out.discontinuity) {
    GST_BUFFER_FLAG_SET(copy, GST_BUFFER_FLAG_DISCONT);
    output_.splitAt(out.dts >= 0 ? out.dts : out.pts);
    if (recorder_) recorder_->split();
    // Renditions' keyframes have their DTS at their PTS.
    for (auto& rendition : ladder_) rendition->splitAt(out.pts >= 0 ? out.pts : out.dts);
    // How far the output's timeline runs ahead of its clock (its
    // date-times are that much late).
    spdlog::info("room {}: {} on air ({:+} ms from the output's clock)", config_.room_id, sourceName(kind),
                 (out.dts - output_.runningTimeNow()) / 1'000'000);
    if (out.silence_from != kNoTime) emitSilence(out.silence_from, out.silence_until);
  }
  emit(sample.track, copy, sample.caps, sample.keyframe);
}

void RoomPipeline::emitSilence(int64_t from, int64_t until) {
  if (!silence_) return;  // the slate has not sounded yet
  // Whole frames, ending within half a frame of `until`.
  int frames = 0;
  for (int64_t t = from; t + silence_duration_ <= until + silence_duration_ / 2; t += silence_duration_) {
    GstBuffer* copy = gst_buffer_copy(silence_);
    GST_BUFFER_PTS(copy) = GST_BUFFER_DTS(copy) = static_cast<GstClockTime>(t);
    GST_BUFFER_DURATION(copy) = static_cast<GstClockTime>(silence_duration_);
    emit(Track::kAudio, copy, silence_caps_, true);
    ++frames;
  }
  if (frames > 0) {
    spdlog::debug("room {}: {} ms of silence under the old source's last pictures", config_.room_id,
                  frames * silence_duration_ / 1'000'000);
  }
}

void RoomPipeline::emit(Track track, GstBuffer* copy, GstCaps* caps, bool keyframe) {
  if (track == Track::kVideo) snapshots_.offer(copy, caps, keyframe);
  if (recorder_) recorder_->push(track, copy, caps);
  if (hasMaster()) {
    if (track == Track::kVideo && caps && (!on_air_caps_ || !gst_caps_is_equal(caps, on_air_caps_))) {
      gst_caps_replace(&on_air_caps_, caps);
      int width = 0, height = 0;
      const GstStructure* s = gst_caps_get_structure(caps, 0);
      gst_structure_get_int(s, "width", &width);
      gst_structure_get_int(s, "height", &height);
      on_air_width_ = static_cast<uint32_t>(width);
      on_air_height_ = static_cast<uint32_t>(height);
      on_air_codec_.clear();
    }
    if (track == Track::kVideo && keyframe && on_air_codec_.empty()) {
      GstMapInfo map;
      if (gst_buffer_map(copy, &map, GST_MAP_READ)) {
        on_air_codec_ = avcCodecString(map.data, map.size).value_or("");
        gst_buffer_unmap(copy, &map);
      }
    }
  }
  for (auto& rendition : ladder_) rendition->push(track, copy, caps, keyframe);
  if (webrtc_) webrtc_->push(track, copy, caps, keyframe);
  output_.push(track, copy, caps);  // takes `copy`
}

void RoomPipeline::tick(Clock::time_point now) {
  std::vector<Source*> stalled;
  bool to_slate = false;
  bool slate_needed = true;
  {
    std::lock_guard lock(mutex_);
    const bool backup_available = backup_.pipeline && !backup_.failed;
    const SourceKind choice = policy_.choose(now, backup_available);
    to_slate = choice == SourceKind::kSlate && switch_.active() != SourceKind::kSlate &&
               switch_.pending() != SourceKind::kSlate;
    switch_.select(choice);
    // A slate that waited for the clock goes on air at once when it need
    // no longer wait (StandbySwitch::holdingSlate).
    const bool held = switch_.holdingSlate();
    if (slate_held_ && !held && switch_.pending() == SourceKind::kSlate) to_slate = true;
    slate_held_ = held;
    // The slate runs while it is (or is about to be) on air, or to fill in
    // silence under a source whose audio lags (or that has none); else it
    // rests — ten idle slates cost a tenth of a core.
    const int64_t lag = switch_.audioLag();
    slate_needed = choice == SourceKind::kSlate || switch_.active() != choice ||
                   (lag != kNoTime && lag > kSlateWakeLag);
    if (policy_.flowing(SourceKind::kLive, now)) {
      if (!live_flow_since_) live_flow_since_ = now;
      live_.backoff = kFirstRestartBackoff;  // it works again: the next failure retries quickly
    } else {
      live_flow_since_.reset();
    }
    for (Source* s : {&live_, &backup_}) {
      if (s->pipeline && s->pipeline->running() && policy_.stalled(s->kind, now)) stalled.push_back(s);
    }
  }
  if (slate_ && slate_needed && !slate_->running()) {
    spdlog::debug("room {}: slate running", config_.room_id);
    slate_->start();  // from its first keyframe
  } else if (to_slate && slate_) {
    slate_->rewind();  // on air at once, not at its next keyframe
  } else if (slate_ && !slate_needed && slate_->running()) {
    spdlog::debug("room {}: slate resting", config_.room_id);
    slate_->stop();
  }
  const auto stall = stallTimeFor(config_.feed_timeout_ms);
  for (Source* s : stalled) onEnd(*s, "no data for " + std::to_string(stall.count()) + " ms");
  for (auto& channel : channels_) channel->tick(now);
  if (hasMaster()) writeMasterPlaylist();
  if (replay_ && replay_->ended() && !channels_.empty() && !replay_master_written_) writeReplayMaster();
  if (webrtc_) webrtc_->tick(now);
}

void RoomPipeline::publish(const std::string& session_id, const std::string& offer_sdp, const WebRtcOffer& tracks) {
  const auto refuse = [&](std::string why) {
    if (on_webrtc_) on_webrtc_(WebRtcEvent{config_.room_id, session_id, WebRtcEvent::Kind::kRefused, std::move(why)});
  };
  WhipReceiver* whip = live_.pipeline->running() ? live_.pipeline->whip() : nullptr;
  if (live_.pipeline->uri().scheme != FeedScheme::kWhip) return refuse("the room's feed is not whip://");
  if (!whip) return refuse("the room's WHIP feed is restarting; try again in a second");
  WhipReceiver::Callbacks callbacks;
  const std::string room = config_.room_id;
  WebRtcCallback events = on_webrtc_;
  callbacks.on_answer = [events, room, session_id](std::string sdp) {
    if (events) events(WebRtcEvent{room, session_id, WebRtcEvent::Kind::kAnswered, std::move(sdp)});
  };
  callbacks.on_refused = [events, room, session_id](std::string why) {
    if (events) events(WebRtcEvent{room, session_id, WebRtcEvent::Kind::kRefused, std::move(why)});
  };
  if (!whip->accept(session_id, offer_sdp, tracks, config_.webrtc, std::move(callbacks))) {
    return refuse("the room has a WHIP publisher already; it must DELETE its session first");
  }
  publisher_ = session_id;
  spdlog::info("room {}: WHIP publisher {} offered", config_.room_id, session_id);
}

void RoomPipeline::unpublish(const std::string& session_id) {
  WhipReceiver* whip = live_.pipeline->running() ? live_.pipeline->whip() : nullptr;
  if (whip && whip->session() == session_id) whip->end("the WHIP publisher left (DELETE)");
}

void RoomPipeline::control(FeedCommand command) {
  switch (command) {
    case FeedCommand::kRestart: {
      spdlog::info("room {}: live feed restarted by a technician", config_.room_id);
      live_.restart_timer.cancel();
      live_.pipeline->stop();
      {
        std::lock_guard lock(mutex_);
        policy_.onLost(SourceKind::kLive);
      }
      live_.backoff = kFirstRestartBackoff;
      ++live_.restarts;
      startSource(live_);
      break;
    }
    case FeedCommand::kForceStandby:
    case FeedCommand::kUseBackup:
    case FeedCommand::kAutomatic: {
      std::optional<SourceKind> forced;
      if (command == FeedCommand::kForceStandby) forced = SourceKind::kSlate;
      if (command == FeedCommand::kUseBackup) forced = SourceKind::kBackup;
      spdlog::info("room {}: {} by a technician", config_.room_id,
                   forced ? std::string(sourceName(*forced)) + " forced" : std::string("failover automatic again"));
      std::lock_guard lock(mutex_);
      policy_.force(forced);
      break;
    }
  }
  tick(Clock::now());
}

RoomHealth RoomPipeline::health(Clock::time_point now) {
  RoomHealth h;
  h.room_id = config_.room_id;
  h.source_uri = config_.feed.redacted;
  h.feed = live_.pipeline->stats();
  h.reconnects = live_.restarts;
  h.last_error = live_.last_error;
  h.segments = output_.segmentsWritten();
  h.snapshots = snapshots_.written();
  if (recorder_) h.recording_files = recorder_->filesStarted();
  const Snapshotter::Picture picture = snapshots_.picture();
  h.picture_luma = picture.luma;
  if (picture.black_since) h.black_seconds = std::chrono::duration<double>(now - *picture.black_since).count();
  if (const int64_t newest = output_.newestSegmentUnixMs(); newest > 0) {
    const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    h.newest_segment_age_seconds = static_cast<double>(wall - newest) / 1000.0;
  }
  std::optional<SourceKind> on_air;
  {
    std::lock_guard lock(mutex_);
    on_air = switch_.active();
    h.switches = switch_.switches();
    h.dropped_buffers = switch_.dropped();
    if (const auto forced = policy_.forced()) h.forced = *forced == SourceKind::kSlate ? "standby" : "backup";
    if (live_flow_since_) h.uptime_seconds = std::chrono::duration<double>(now - *live_flow_since_).count();
  }
  h.on_air = on_air ? sourceName(*on_air) : "";
  for (auto& channel : channels_) h.interpretation.push_back(channel->health(now));
  if (on_air == SourceKind::kLive) {
    h.state = FeedState::kLive;
  } else if (on_air == SourceKind::kBackup) {
    h.state = FeedState::kBackup;
  } else if (live_.failed) {
    h.state = FeedState::kDown;
  } else if (h.feed.bytes == 0 && live_.restarts == 0) {
    h.state = FeedState::kStarting;
  } else {
    h.state = FeedState::kStandby;
  }
  // Rates since the previous call (counters restart with the feed's epoch).
  const uint32_t epoch = live_.pipeline->epoch();
  if (last_health_ != Clock::time_point{} && epoch == last_epoch_) {
    const double seconds = std::chrono::duration<double>(now - last_health_).count();
    if (seconds > 0) {
      h.input_bitrate_bps = static_cast<double>(h.feed.bytes - last_bytes_) * 8.0 / seconds;
      h.fps = static_cast<double>(h.feed.video_frames - last_frames_) / seconds;
    }
  }
  last_health_ = now;
  last_bytes_ = h.feed.bytes;
  last_frames_ = h.feed.video_frames;
  last_epoch_ = epoch;
  return h;
}

}  // namespace hallcast
