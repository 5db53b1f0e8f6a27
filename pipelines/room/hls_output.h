#pragma once
// A room's output: re-timed H.264 and AAC buffers in, MPEG-TS segments, their
// Low-Latency HLS parts and a live playlist (index.m3u8) out, in the room's
// directory. GStreamer muxes (mpegtsmux into an appsink); TsSegmenter cuts
// parts and segments; HlsPlaylist writes the playlist, so that it carries
// program date-times and discontinuities exactly where the room switched
// sources. Each time the playlist changes, `on_playlist` hears of it.
//
// An audio-only output that follows another (an interpretation channel,
// following the room's main output) is cut where the other was, so that
// players can switch between them: see follow().
//
// Threads: start()/stop() and the bus watch on the media thread; push() and
// splitAt() on streaming threads (the room serialises them); the muxed
// stream is cut, written and announced on the appsink's streaming thread.

#include <gst/gst.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "room/hls_playlist.h"
#include "room/rendition_reports.h"
#include "room/standby_switch.h"
#include "room/ts_segmenter.h"

namespace hallcast {

class ReplayArchive;

// A media playlist as it now is: what blocking reloads and preload hints
// are answered from (the HTTP side keeps the latest of each).
struct PlaylistUpdate {
  std::string path;  // under the live directory, e.g. "main-forum/index.m3u8"
  std::string text;  // the playlist; empty: the output stopped
  HlsPosition position;
};
using PlaylistCallback = std::function<void(PlaylistUpdate)>;

// How an output cuts its stream.
struct HlsTiming {
  uint32_t segment_ms = 2000;  // target segment duration
  uint32_t part_ms = 334;      // LL-HLS part target; 0: no parts
  uint32_t window = 6;         // segments listed in the playlist
};

class HlsOutput {
 public:
  // `path`: the playlist's path under the live directory (PlaylistUpdate).
  HlsOutput(std::string room_id, std::filesystem::path dir, std::string path, HlsTiming timing,
            GMainContext* context, PlaylistCallback on_playlist = {});
  ~HlsOutput();
  HlsOutput(const HlsOutput&) = delete;
  HlsOutput& operator=(const HlsOutput&) = delete;

  // Clears the directory and starts the output pipeline; throws MediaError.
  void start();
  void stop();

  // Takes ownership of `buffer`, whose times are on the output timeline;
  // `caps` describe it (they change when the source on air changes).
  void push(Track track, GstBuffer* buffer, GstCaps* caps);
  // The next segment starts at the keyframe at `running_time` and follows a
  // discontinuity.
  void splitAt(int64_t running_time);
  // Now, on the output timeline (the output pipeline's running time).
  int64_t runningTimeNow() const;

  // Program date-times from `main`'s clock instead of this output's own, so
  // that the segments of a ladder's renditions carry the same date-times as
  // the main output's segments they line up with. Before start().
  void followTimeBase(const HlsOutput* main) { time_base_ = main; }
  // An audio-only output whose parts and segments begin where `leader`'s
  // do (at its first audio frame at or after each), numbered and dated as
  // the leader's, with the same discontinuities. It holds its stream back
  // until the leader has cut past it. Before start(); the leader outlives
  // it or stops first.
  void follow(HlsOutput* leader);
  // Each finished segment also goes to `archive` (the room's replay).
  // Before start().
  void archiveTo(ReplayArchive* archive) { archive_ = archive; }
  // A room with a ladder: each of its outputs reports where it is there and
  // lists the others'. Before start().
  void shareReports(RenditionReports* reports) { reports_ = reports; }

  uint64_t segmentsWritten() const { return segments_written_; }
  // The highest bitrate of a finished segment (file size over duration), in
  // bits per second; 0 before the first.
  uint64_t peakBitrateBps() const { return peak_bps_; }
  // Unix ms when the newest segment was finished; 0 before the first.
  int64_t newestSegmentUnixMs() const { return newest_segment_ms_; }

 private:
  static gboolean onBus(GstBus* bus, GstMessage* message, gpointer self);
  static GstFlowReturn onMuxed(GstElement* sink, gpointer self);
  // The appsink's thread: the muxed packets of one buffer, at `time_ns`.
  void segment(const uint8_t* data, std::size_t size, int64_t time_ns);
  // A follower hears, on the leader's thread, where the leader began parts
  // and how far its stream went; then cuts what it held up to there.
  void leaderAdvanced(const std::vector<TsBoundary>& boundaries, int64_t time_ns);
  void releaseHeld();
  // The appsink's thread: one cut of the segmenter, written and published.
  void publish(const TsCut& cut);
  int64_t dateTimeMs(int64_t running_time) const;
  std::string partName(uint64_t n) const;
  void writePlaylist();

  std::string room_id_;
  std::filesystem::path dir_;
  std::string path_;
  GMainContext* context_;
  PlaylistCallback on_playlist_;
  HlsTiming timing_;

  GstElement* pipeline_ = nullptr;
  GstElement* sources_[2] = {nullptr, nullptr};
  GstElement* sink_ = nullptr;
  GSource* bus_watch_ = nullptr;

  mutable std::mutex mutex_;  // guards the fields below, shared with streaming threads
  std::deque<int64_t> pending_discontinuities_;
  int64_t first_pts_ = -1;       // output time of the first buffer...
  int64_t first_unix_ms_ = 0;    // ...and the wall clock then
  GstCaps* caps_[2] = {nullptr, nullptr};  // set on each appsrc

  // The appsink's streaming thread only (reset by start()).
  TsSegmenter segmenter_;
  HlsPlaylist playlist_;
  std::string name_prefix_;  // files are <prefix><segment>.ts and <prefix>p<part>.ts
  uint64_t next_segment_ = 0;
  uint64_t next_part_ = 0;
  uint64_t segment_bytes_ = 0;  // of the segment being written
  int64_t last_time_ns_ = 0;    // of the latest timed packet
  std::deque<std::vector<std::string>> retired_;  // files of segments out of the playlist, not yet deleted

  // follow(): the leader, or this output's followers.
  HlsOutput* leader_ = nullptr;
  std::vector<HlsOutput*> followers_;
  std::mutex follow_mutex_;  // guards the two below (the leader's thread writes)
  std::deque<TsBoundary> leader_cuts_;
  int64_t leader_time_ = -1;
  // A follower's muxed buffers (time, packets) not cut yet: the appsink's thread.
  std::deque<std::pair<int64_t, std::string>> held_;

  const HlsOutput* time_base_ = nullptr;  // see followTimeBase()
  RenditionReports* reports_ = nullptr;   // see shareReports()
  ReplayArchive* archive_ = nullptr;      // see archiveTo()
  std::atomic<uint64_t> segments_written_{0};
  std::atomic<uint64_t> peak_bps_{0};
  std::atomic<int64_t> newest_segment_ms_{0};
};

}  // namespace hallcast
