#pragma once
// A room's media: its hall feed (and backup) and the slate, each a
// FeedPipeline; the StandbySwitch and FailoverPolicy that decide what is on
// air; and the HlsOutput that packages it. The output never stops: when the
// feed fails the slate (or backup) takes over within the feed timeout, the
// feed is retried with backoff, and it goes back on air when it returns.
//
// Threads: everything but onBuffer() runs on the media thread.

#include <glib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_pipeline.h"
#include "feeds/loop_source.h"
#include "gst/one_shot_timer.h"
#include "room/replay_archive.h"
#include "room/failover_policy.h"
#include "room/feed_state.h"
#include "room/hls_output.h"
#include "room/interpretation_channel.h"
#include "room/recorder.h"
#include "room/rendition.h"
#include "room/snapshotter.h"
#include "room/standby_switch.h"
#include "webrtc/webrtc_publisher.h"

namespace hallcast {

struct RoomMediaConfig {
  std::string room_id;
  std::string title;  // shown by the test source and the slate
  FeedUri feed;
  std::optional<FeedUri> backup;
  std::filesystem::path output_dir;  // <data>/live/<room_id>
  HlsTiming hls;
  uint32_t feed_timeout_ms = 500;
  uint32_t snapshot_interval_ms = 5000;  // snapshots and picture analysis
  std::optional<std::filesystem::path> recording_dir;  // record to MP4 files there
  std::chrono::seconds recording_file_duration{1800};
  // Keep the session's HLS segments there as its replay (ReplayArchive).
  std::optional<std::filesystem::path> replay_dir;
  SessionWindow session;
  // Optional smaller renditions, each in <output_dir>/<height>p/, listed
  // with the main one in <output_dir>/master.m3u8. Empty: neither.
  std::vector<LadderRendition> ladder;
  // Simultaneous interpretation: each channel an alternate audio rendition
  // in <output_dir>/audio-<language>/, listed with the hall's own sound
  // (in `language`, BCP 47, when known) in <output_dir>/master.m3u8.
  std::vector<InterpretationConfig> interpretation;
  std::string language;
  // ICE settings of the room's WebRTC peers: WHEP viewers (when `whep`)
  // and a whip:// feed's publisher.
  WebRtcOptions webrtc;
  bool whep = false;
};

// What a technician may ask of a room's feed.
enum class FeedCommand { kRestart, kForceStandby, kUseBackup, kAutomatic };

struct RoomHealth {
  std::string room_id;
  FeedState state = FeedState::kStarting;
  std::string source_uri;  // redacted
  std::string on_air;      // "live", "backup", "slate" or "" before any output
  FeedStats feed;          // of the hall feed
  double input_bitrate_bps = 0;
  double fps = 0;              // measured
  uint64_t reconnects = 0;
  std::string last_error;
  double uptime_seconds = 0;   // of the hall feed's current unbroken flow
  double newest_segment_age_seconds = -1;
  uint64_t switches = 0;
  uint64_t segments = 0;
  uint64_t snapshots = 0;
  uint64_t recording_files = 0;  // MP4 files begun (0: not recorded)
  uint64_t dropped_buffers = 0;  // of the source on air: its times went backwards
  double picture_luma = -1;      // of the picture on air, 0..1 (-1: not analysed yet)
  double black_seconds = 0;      // how long the picture on air has been black
  std::string forced;            // "standby" or "backup" while a technician forces it
  std::vector<InterpretationHealth> interpretation;  // per channel, in configuration order
};

class RoomPipeline {
 public:
  using Clock = std::chrono::steady_clock;

  // `on_playlist`: each of the room's media playlists, as it changes (on
  // a streaming thread).
  RoomPipeline(RoomMediaConfig config, GMainContext* context, PlaylistCallback on_playlist = {},
               WebRtcCallback on_webrtc = {});
  ~RoomPipeline();
  RoomPipeline(const RoomPipeline&) = delete;
  RoomPipeline& operator=(const RoomPipeline&) = delete;

  void start();
  void stop();
  // Every ~100 ms: decides what goes on air.
  void tick(Clock::time_point now);
  // About once a second: health, with rates since the previous call.
  RoomHealth health(Clock::time_point now);
  // A technician's command (see FeedCommand).
  void control(FeedCommand command);

  const RoomMediaConfig& config() const { return config_; }
  // The room's WebRTC egress; null when the room has none.
  WebRtcPublisher* webrtc() { return webrtc_.get(); }
  // whip:// rooms: a publisher's (checked) offer for the hall feed. The
  // answer, or why there is none, comes through `on_webrtc` (kAnswered or
  // kRefused), and kEnded when the publisher leaves.
  void publish(const std::string& session_id, const std::string& offer_sdp, const WebRtcOffer& tracks);
  // Lets the publisher `session_id` go (DELETE); the feed waits for the next.
  void unpublish(const std::string& session_id);

 private:
  struct Source {
    SourceKind kind;
    std::unique_ptr<FeedPipeline> pipeline;
    OneShotTimer restart_timer;
    std::chrono::milliseconds backoff = kFirstRestartBackoff;
    bool failed = false;  // ended with an error; waiting to restart
    std::string last_error;
    uint64_t restarts = 0;
  };

  void onSample(SourceKind kind, const EncodedSample& sample);
  // One buffer on air, retimed (`copy` taken): to the packager and
  // everything else cut from the room's output. Holds output_mutex_.
  void emit(Track track, GstBuffer* copy, GstCaps* caps, bool keyframe);
  // Silence under the old source's last pictures at a switch (see
  // OutputDecision::silence_from), made of the slate's. Holds output_mutex_.
  void emitSilence(int64_t from, int64_t until);
  void onEnd(Source& source, const std::string& reason);
  void startSource(Source& source);
  void writeMasterPlaylist();
  // A recorded room with interpretation, once its session is over: the
  // replay's master playlist, listing the channels' replays.
  void writeReplayMaster();
  // The master playlists' audio: the hall's sound, then each channel that
  // is `listed`; none without interpretation.
  std::vector<HlsAudioRendition> audioRenditions(const std::function<bool(const InterpretationChannel&)>& listed) const;
  // The main rendition as on air now (its size and codec), for a master playlist.
  HlsVariant onAirVariant();
  // A ladder or interpretation: a master playlist lists the main output with them.
  bool hasMaster() const { return !ladder_.empty() || !channels_.empty(); }

  RoomMediaConfig config_;
  GMainContext* context_;
  HlsOutput output_;
  Snapshotter snapshots_;
  std::unique_ptr<Recorder> recorder_;  // when the room is recorded
  std::unique_ptr<ReplayArchive> replay_;  // the same
  std::vector<std::unique_ptr<Rendition>> ladder_;  // when the room has a ladder
  std::vector<std::unique_ptr<InterpretationChannel>> channels_;  // when it has interpretation
  std::unique_ptr<WebRtcPublisher> webrtc_;  // when the room has WebRTC egress
  WebRtcCallback on_webrtc_;
  std::string publisher_;  // the WHIP publisher's session on air ("" none); media thread
  RenditionReports reports_;  // the ladder's and the main output's last parts
  Source live_{SourceKind::kLive};
  Source backup_{SourceKind::kBackup};
  std::unique_ptr<LoopSource> slate_;  // built in start(): it encodes

  // The sources' streaming threads decide under mutex_ (the switch and the
  // policy, which tick, health and control read too), then push under
  // output_mutex_, taken before mutex_ is let go: pushes stay in the order
  // decided, and nobody waits on a push but the next push.
  std::mutex mutex_;
  StandbySwitch switch_;
  FailoverPolicy policy_;
  std::optional<Clock::time_point> live_flow_since_;
  bool slate_held_ = false;  // the switch held the slate for the clock at the last tick
  std::mutex output_mutex_;  // guards what follows, to silence_duration_
  // The on-air picture, for the master playlist (ladder or interpretation).
  uint32_t on_air_width_ = 0;
  uint32_t on_air_height_ = 0;
  std::string on_air_codec_;
  GstCaps* on_air_caps_ = nullptr;
  // A frame of the slate's silence (on-air audio format), kept for switches.
  GstBuffer* silence_ = nullptr;
  GstCaps* silence_caps_ = nullptr;
  int64_t silence_duration_ = 0;
  std::atomic<bool> silence_kept_{false};  // silence_ is set: no lock taken to ask
  std::string master_written_;  // media thread
  bool replay_master_written_ = false;  // media thread
  int replay_master_waits_ = 0;         // ticks waiting for the channels' replays

  // health(): counters at the previous call
  Clock::time_point last_health_{};
  uint64_t last_bytes_ = 0;
  uint64_t last_frames_ = 0;
  uint32_t last_epoch_ = 0;
};

}  // namespace hallcast
