#include "room/interpretation_channel.h"

#include <gst/gst.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace hallcast {
namespace {

// Silence runs (a timer) while the channel lags "now" by this much.
constexpr int64_t kSilenceWakeLag = ChannelTimeline::kMaxLag / 2;

}  // namespace

InterpretationChannel::InterpretationChannel(const std::string& room_id, InterpretationConfig config,
                                             const std::filesystem::path& room_dir, HlsTiming timing,
                                             uint32_t feed_timeout_ms, double tone_hz, GMainContext* context,
                                             HlsOutput* main, PlaylistCallback on_playlist)
    : name_(room_id + "-" + config.language),
      config_(std::move(config)),
      context_(context),
      output_(name_, room_dir / dirName(), room_id + "/" + dirName() + "/index.m3u8", timing, context,
              std::move(on_playlist)),
      backoff_(kFirstRestartBackoff),
      main_(main),
      policy_(std::chrono::milliseconds(feed_timeout_ms), std::chrono::milliseconds(0), stallTimeFor(feed_timeout_ms)) {
  output_.follow(main);
  feed_ = std::make_unique<FeedPipeline>(
      name_, config_.feed, SyntheticOptions{config_.name, tone_hz},
      [this](const EncodedSample& sample) { onSample(SourceKind::kLive, sample); },
      [this](const std::string& reason) { onEnd(reason); }, context_, FeedOutput::kVoice);
}

InterpretationChannel::~InterpretationChannel() { stop(); }

void InterpretationChannel::archiveTo(const std::filesystem::path& dir, SessionWindow session, int64_t now_ms) {
  replay_ = std::make_unique<ReplayArchive>(name_, dir, session, now_ms);
  output_.archiveTo(replay_.get());
}

void InterpretationChannel::start() {
  output_.start();
  silence_ = makeSilence([this](const EncodedSample& sample) { onSample(SourceKind::kSlate, sample); }, context_);
  silence_->start();  // until the booth's audio flows
  startFeed();
  spdlog::info("interpretation {}: {} from {}", name_, config_.name, config_.feed.redacted);
}

void InterpretationChannel::stop() {
  restart_.cancel();
  if (silence_) silence_->stop();
  if (feed_) feed_->stop();
  output_.stop();
}

void InterpretationChannel::startFeed() {
  failed_ = false;
  feed_->start();  // a failure to build comes back through onEnd
}

void InterpretationChannel::onEnd(const std::string& reason) {
  // Media thread. As a hall feed: torn down now, retried with backoff (a
  // file at its end loops at once).
  const bool loop = feed_->uri().scheme == FeedScheme::kFile && reason == kEndOfStream;
  feed_->stop();
  {
    std::lock_guard lock(mutex_);
    policy_.onLost(SourceKind::kLive);
  }
  if (!loop) {
    failed_ = true;
    last_error_ = reason;
  }
  if (silence_ && !silence_->running()) silence_->start();
  const auto delay = loop ? std::chrono::milliseconds(0) : backoff_;
  if (!loop) {
    backoff_ = std::min(backoff_ * 2, kMaxRestartBackoff);
    spdlog::info("interpretation {}: feed retried in {} ms", name_, delay.count());
  }
  restart_.start(context_, delay, [this] {
    ++restarts_;
    startFeed();
  });
}

void InterpretationChannel::onSample(SourceKind kind, const EncodedSample& sample) {
  if (sample.track != Track::kAudio) return;
  const int64_t now = main_->runningTimeNow();
  std::lock_guard lock(mutex_);
  std::optional<int64_t> at;
  if (kind == SourceKind::kLive) {
    policy_.onData(SourceKind::kLive, Clock::now());
    at = timeline_.booth(sample.epoch, sample.dts >= 0 ? sample.dts : sample.pts, sample.duration, now);
  } else {
    at = timeline_.silence(sample.duration, now);
  }
  if (at) push(sample, *at);
}

void InterpretationChannel::push(const EncodedSample& sample, int64_t at) {
  GstBuffer* copy = gst_buffer_copy(sample.buffer);  // shares the memory; new times
  GST_BUFFER_PTS(copy) = GST_BUFFER_DTS(copy) = static_cast<GstClockTime>(at);
  output_.push(Track::kAudio, copy, sample.caps);
}

void InterpretationChannel::tick(Clock::time_point now) {
  bool stalled = false;
  bool lagging = false;
  {
    std::lock_guard lock(mutex_);
    if (policy_.flowing(SourceKind::kLive, now)) backoff_ = kFirstRestartBackoff;
    stalled = feed_->running() && policy_.stalled(SourceKind::kLive, now);
    lagging = timeline_.lag(main_->runningTimeNow()) > kSilenceWakeLag;
  }
  // The silence's timer runs only while the booth's audio does not keep up.
  if (silence_ && lagging && !silence_->running()) {
    silence_->start();
  } else if (silence_ && !lagging && silence_->running()) {
    silence_->stop();
  }
  if (stalled) onEnd("no data for " + std::to_string(policy_.stallTime().count()) + " ms");
}

InterpretationHealth InterpretationChannel::health(Clock::time_point now) {
  InterpretationHealth h;
  h.language = config_.language;
  h.name = config_.name;
  h.source_uri = config_.feed.redacted;
  h.feed = feed_->stats();
  h.reconnects = restarts_;
  h.last_error = last_error_;
  h.segments = output_.segmentsWritten();
  bool flowing = false;
  {
    std::lock_guard lock(mutex_);
    flowing = policy_.flowing(SourceKind::kLive, now);
  }
  if (flowing) {
    h.state = FeedState::kLive;
  } else if (failed_) {
    h.state = FeedState::kDown;
  } else if (h.feed.bytes == 0 && restarts_ == 0) {
    h.state = FeedState::kStarting;
  } else {
    h.state = FeedState::kStandby;
  }
  return h;
}

}  // namespace hallcast
