#pragma once
// A room's output: re-timed H.264 and AAC buffers in, MPEG-TS segments and a
// live playlist (index.m3u8) out, in the room's directory. GStreamer muxes
// and cuts the segments (mpegtsmux in splitmuxsink, cut at keyframes);
// HlsPlaylist writes the playlist, so that it carries program date-times
// and discontinuities exactly where the room switched sources.
//
// Threads: start()/stop() and the bus watch on the media thread; push() and
// splitAt() on streaming threads (the room serialises them).

#include <gst/gst.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "room/hls_playlist.h"
#include "room/standby_switch.h"

namespace hallcast {

class HlsOutput {
 public:
  HlsOutput(std::string room_id, std::filesystem::path dir, uint32_t segment_ms, uint32_t window,
            GMainContext* context);
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

  uint64_t segmentsWritten() const { return segments_written_; }
  // The highest bitrate of a finished segment (file size over duration), in
  // bits per second; 0 before the first.
  uint64_t peakBitrateBps() const { return peak_bps_; }
  // Unix ms when the newest segment was finished; 0 before the first.
  int64_t newestSegmentUnixMs() const { return newest_segment_ms_; }

 private:
  static gboolean onBus(GstBus* bus, GstMessage* message, gpointer self);
  void onFragmentOpened(const GstStructure* s);
  void onFragmentClosed(const GstStructure* s);
  void writePlaylist();

  std::string room_id_;
  std::filesystem::path dir_;
  uint32_t segment_ms_;
  HlsPlaylist playlist_;  // media thread only
  std::deque<std::string> retired_;  // segments out of the playlist, not yet deleted
  GMainContext* context_;

  GstElement* pipeline_ = nullptr;
  GstElement* sources_[2] = {nullptr, nullptr};
  GstElement* splitmux_ = nullptr;
  GSource* bus_watch_ = nullptr;

  mutable std::mutex mutex_;  // guards the fields below, shared with streaming threads
  std::deque<int64_t> pending_discontinuities_;
  int64_t first_pts_ = -1;       // output time of the first buffer...
  int64_t first_unix_ms_ = 0;    // ...and the wall clock then
  GstCaps* caps_[2] = {nullptr, nullptr};  // set on each appsrc

  // Media thread: the segment being written.
  std::string open_location_;
  int64_t open_running_time_ = -1;
  bool open_discontinuity_ = false;

  const HlsOutput* time_base_ = nullptr;  // see followTimeBase()
  std::atomic<uint64_t> segments_written_{0};
  std::atomic<uint64_t> peak_bps_{0};
  std::atomic<int64_t> newest_segment_ms_{0};
};

}  // namespace hallcast
