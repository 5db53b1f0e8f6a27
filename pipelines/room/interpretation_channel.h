#pragma once
// One simultaneous-interpretation channel of a room: an interpreter booth's
// audio feed (any ingest protocol; audio only, FeedOutput::kVoice) put on
// the room's output timeline and packaged as an alternate audio rendition
// in <room dir>/audio-<language>/, cut where the room's main output is cut
// (HlsOutput::follow). While the booth's feed is missing, silence goes out
// instead, so that the rendition never stops and stays aligned with the
// video; the feed is retried with backoff, like a hall feed.
//
// Placing the booth's audio at the output's "now" as it arrives keeps it
// in step with the picture, which is placed the same way: the interpreter
// speaks over what they see and hear in the hall, as the viewer does.
//
// Threads: start(), stop(), tick() and health() on the media thread; the
// feed's samples on its streaming threads and the silence's on the media
// thread, serialised by a mutex.

#include <glib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "feeds/feed_pipeline.h"
#include "feeds/loop_source.h"
#include "gst/one_shot_timer.h"
#include "room/failover_policy.h"
#include "room/feed_state.h"
#include "room/hls_output.h"
#include "room/interpretation_config.h"
#include "room/replay_archive.h"
#include "room/channel_timeline.h"
#include "room/standby_switch.h"

namespace hallcast {

struct InterpretationHealth {
  std::string language;
  std::string name;
  FeedState state = FeedState::kStarting;  // kLive: the booth on air; kStandby: silence
  std::string source_uri;                  // redacted
  FeedStats feed;                          // of the booth's feed (levels among them)
  uint64_t reconnects = 0;
  std::string last_error;
  uint64_t segments = 0;
};

class InterpretationChannel {
 public:
  using Clock = std::chrono::steady_clock;

  // `main`: the room's output, whose timeline, cuts and clock this follows.
  // `tone_hz`: the pitch of a test:// feed.
  InterpretationChannel(const std::string& room_id, InterpretationConfig config, const std::filesystem::path& room_dir,
                        HlsTiming timing, uint32_t feed_timeout_ms, double tone_hz, GMainContext* context,
                        HlsOutput* main, PlaylistCallback on_playlist);
  ~InterpretationChannel();
  InterpretationChannel(const InterpretationChannel&) = delete;
  InterpretationChannel& operator=(const InterpretationChannel&) = delete;

  // The room is recorded: the channel's segments of `session` are kept in
  // `dir` too, as its audio of the replay. Before start().
  void archiveTo(const std::filesystem::path& dir, SessionWindow session, int64_t now_ms);
  // After the room's output started (it clears the room's directory).
  void start();
  void stop();
  // Every ~100 ms: the booth's feed or silence.
  void tick(Clock::time_point now);
  InterpretationHealth health(Clock::time_point now);

  const InterpretationConfig& config() const { return config_; }
  // Its directory ("audio-en") and playlist, relative to the room's
  // directory (and to the replay's).
  std::string dirName() const { return "audio-" + config_.language; }
  std::string uri() const { return dirName() + "/index.m3u8"; }
  const HlsOutput& output() const { return output_; }
  void shareReports(RenditionReports* reports) { output_.shareReports(reports); }

 private:
  void onSample(SourceKind kind, const EncodedSample& sample);
  void push(const EncodedSample& sample, int64_t at);
  void onEnd(const std::string& reason);
  void startFeed();

  std::string name_;  // "<room>-<language>", for logs
  InterpretationConfig config_;
  GMainContext* context_;
  HlsOutput output_;
  std::unique_ptr<ReplayArchive> replay_;  // when the room is recorded
  std::unique_ptr<FeedPipeline> feed_;
  std::unique_ptr<LoopSource> silence_;  // built in start(): it encodes
  OneShotTimer restart_;
  std::chrono::milliseconds backoff_;
  bool failed_ = false;  // the feed ended with an error; waiting to restart
  std::string last_error_;
  uint64_t restarts_ = 0;

  HlsOutput* main_;
  mutable std::mutex mutex_;  // serialises the feed's and the silence's samples
  ChannelTimeline timeline_;
  FailoverPolicy policy_;     // when the booth last delivered: live, stalled
};

}  // namespace hallcast
