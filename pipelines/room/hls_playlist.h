#pragma once
// The live HLS media playlist of a room (RFC 8216): a sliding window of
// MPEG-TS segments with their program date-times and discontinuities.
// Pure: the packager feeds it segments and writes render() to disk.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
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

// One rung of a room's optional ladder: the on-air picture re-encoded at
// this height (width keeps the aspect) and video bitrate.
struct LadderRendition {
  uint32_t height = 0;
  uint32_t bitrate_kbps = 0;
};

// A variant of the master playlist (RFC 8216 §4.3.4.2).
struct HlsVariant {
  std::string uri;             // its media playlist, relative to the master
  uint64_t bandwidth_bps = 0;  // peak bitrate, required
  uint32_t width = 0;          // 0: RESOLUTION left out
  uint32_t height = 0;
  std::string video_codec;     // e.g. "avc1.64001e"; empty: CODECS left out
};

// The master playlist listing `variants` in order; the audio is AAC-LC.
std::string renderMasterPlaylist(const std::vector<HlsVariant>& variants);

// "avc1.PPCCLL" from the first SPS in an H.264 byte-stream access unit.
std::optional<std::string> avcCodecString(const uint8_t* data, std::size_t size);

// The width of a picture of `width`x`height` (pixel aspect `par_n`/`par_d`)
// scaled to `target_height` with square pixels, rounded to even.
uint32_t scaledEvenWidth(uint32_t width, uint32_t height, int par_n, int par_d, uint32_t target_height);

}  // namespace hallcast
