#pragma once
// A recorded room's session kept as a replay. Each finished segment of the
// room's HLS output whose program date-time falls within the session is
// hard-linked into `dir` (the live directory deletes its own name for it
// later); once the session is over (a segment from after its end arrives,
// or the archive is opened after it) they are listed in dir/index.m3u8, a
// VOD playlist: the replay exists when that file does. A segment's file name carries what the
// playlist says of it — <date-time ms>-<duration µs>[-d].ts, d for a
// discontinuity before it — so that a restart rebuilds the list from the
// directory alone, with a discontinuity where the hub was away.
//
// Threads: constructed on the media thread; add() on the output's
// streaming thread only; ended() anywhere.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "room/hls_playlist.h"

namespace hallcast {

struct SessionWindow {
  int64_t start_ms = 0;  // unix ms
  int64_t end_ms = 0;
};

class ReplayArchive {
 public:
  // Reads what `dir` holds of an earlier run; writes the playlist when
  // `now_ms` is past the session.
  ReplayArchive(std::string room_id, std::filesystem::path dir, SessionWindow session, int64_t now_ms);

  // A finished segment of the output, its file at `file`.
  void add(const HlsSegment& segment, const std::filesystem::path& file);

  bool ended() const { return ended_; }
  std::size_t size() const { return segments_.size(); }

  // The archived segments named in `dir`, oldest first (a file whose name
  // does not read as one is left out).
  static std::vector<HlsSegment> scan(const std::filesystem::path& dir);
  // <date-time ms>-<duration µs>[-d].ts
  static std::string fileName(const HlsSegment& segment);
  // The highest bitrate of the segments in `dir` (file size over
  // duration), bits per second; 0 when it holds none.
  static uint64_t peakBitrateBps(const std::filesystem::path& dir);

 private:
  void write() const;

  std::string room_id_;
  std::filesystem::path dir_;
  SessionWindow session_;
  std::vector<HlsSegment> segments_;
  std::atomic<bool> ended_ = false;
  bool resumed_ = false;  // segments of an earlier run: the next one follows a gap
};

}  // namespace hallcast
