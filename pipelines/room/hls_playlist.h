#pragma once
// The live HLS media playlist of a room (RFC 8216): a sliding window of
// MPEG-TS segments with their program date-times and discontinuities.
// Pure: the packager feeds it segments and writes render() to disk.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace hallcast {

struct HlsSegment {
  std::string uri;            // relative to the playlist, e.g. "seg00000042.ts"
  int64_t duration_ns = 0;
  int64_t program_date_time_ms = 0;  // wall clock of the first sample (Unix ms)
  bool discontinuity = false;        // encoding or timeline changes before it
};

class HlsPlaylist {
 public:
  HlsPlaylist(int64_t target_duration_ns, std::size_t window)
      : target_ns_(target_duration_ns), window_(window) {}

  // Adds a finished segment; returns the URIs that left the window (their
  // files can be deleted once players no longer ask for them).
  std::vector<std::string> add(HlsSegment segment);

  std::string render() const;
  std::size_t size() const { return segments_.size(); }
  uint64_t mediaSequence() const { return media_sequence_; }

 private:
  int64_t target_ns_;
  std::size_t window_;
  std::deque<HlsSegment> segments_;
  uint64_t media_sequence_ = 0;          // of the first segment listed
  uint64_t discontinuity_sequence_ = 0;  // discontinuities that left the window
};

}  // namespace hallcast
