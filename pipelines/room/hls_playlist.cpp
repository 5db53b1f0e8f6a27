#include "room/hls_playlist.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace hallcast {
namespace {

// ISO 8601 with milliseconds and UTC offset, as EXT-X-PROGRAM-DATE-TIME wants.
std::string isoTime(int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return buf;
}

}  // namespace

std::vector<std::string> HlsPlaylist::add(HlsSegment segment) {
  segments_.push_back(std::move(segment));
  std::vector<std::string> removed;
  while (segments_.size() > window_) {
    // Discontinuities leaving the window are counted, so that players keep
    // matching timelines (RFC 8216 §4.3.3.3).
    if (segments_.front().discontinuity) ++discontinuity_sequence_;
    removed.push_back(segments_.front().uri);
    segments_.pop_front();
    ++media_sequence_;
  }
  return removed;
}

std::string HlsPlaylist::render() const {
  // EXT-X-TARGETDURATION must be at least every segment's rounded duration.
  int64_t longest = target_ns_;
  for (const auto& s : segments_) longest = std::max(longest, s.duration_ns);
  const long target = std::lround(static_cast<double>(longest) / 1e9);

  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
  out += "#EXT-X-TARGETDURATION:" + std::to_string(std::max(1L, target)) + "\n";
  out += "#EXT-X-MEDIA-SEQUENCE:" + std::to_string(media_sequence_) + "\n";
  if (discontinuity_sequence_ > 0) {
    out += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(discontinuity_sequence_) + "\n";
  }
  for (const auto& s : segments_) {
    if (s.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    out += "#EXT-X-PROGRAM-DATE-TIME:" + isoTime(s.program_date_time_ms) + "\n";
    char extinf[64];
    std::snprintf(extinf, sizeof extinf, "#EXTINF:%.3f,\n", static_cast<double>(s.duration_ns) / 1e9);
    out += extinf;
    out += s.uri + "\n";
  }
  return out;
}

}  // namespace hallcast
