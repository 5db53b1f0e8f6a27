#include "room/hls_playlist.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace hallcast {
namespace {

// The latest time ISO 8601's four-digit years can write: 9999-12-31T23:59:59.999Z.
constexpr int64_t kLastIsoMs = 253402300799999;

// ISO 8601 with milliseconds and UTC offset, as EXT-X-PROGRAM-DATE-TIME wants.
// The wall clock a segment started at comes from the packager; a clock
// gone wrong still writes a date a player can parse.
std::string isoTime(int64_t unix_ms) {
  unix_ms = std::clamp<int64_t>(unix_ms, 0, kLastIsoMs);
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return buf;
}

// A duration in whole milliseconds, as EXTINF writes it (never negative).
int64_t roundedMs(int64_t ns) {
  if (ns <= 0) return 0;
  return ns / 1'000'000 + (ns % 1'000'000 >= 500'000 ? 1 : 0);
}

// Whole seconds, rounded half up, as a player rounds an EXTINF.
int64_t roundedSeconds(int64_t ms) { return ms / 1000 + (ms % 1000 >= 500 ? 1 : 0); }

// A URI line (RFC 8216 §4.1: URIs as in RFC 3986): bytes a URI may not hold
// as they are, and '#' (a line starting with it is a tag), percent-encoded.
std::string uriLine(const std::string& uri) {
  std::string out;
  for (unsigned char c : uri) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
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
  // EXT-X-TARGETDURATION must be at least every segment's EXTINF, as
  // written (in milliseconds) and rounded to whole seconds (§4.3.3.1).
  int64_t target = std::max<int64_t>(1, roundedSeconds(roundedMs(target_ns_)));
  for (const auto& s : segments_) target = std::max(target, roundedSeconds(roundedMs(s.duration_ns)));

  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
  out += "#EXT-X-TARGETDURATION:" + std::to_string(target) + "\n";
  out += "#EXT-X-MEDIA-SEQUENCE:" + std::to_string(media_sequence_) + "\n";
  if (discontinuity_sequence_ > 0) {
    out += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(discontinuity_sequence_) + "\n";
  }
  for (const auto& s : segments_) {
    if (s.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    out += "#EXT-X-PROGRAM-DATE-TIME:" + isoTime(s.program_date_time_ms) + "\n";
    const int64_t ms = roundedMs(s.duration_ns);
    char extinf[64];
    std::snprintf(extinf, sizeof extinf, "#EXTINF:%lld.%03lld,\n", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000));
    out += extinf;
    out += uriLine(s.uri) + "\n";
  }
  return out;
}

}  // namespace hallcast

namespace hallcast {

std::string renderMasterPlaylist(const std::vector<HlsVariant>& variants) {
  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
  for (const HlsVariant& v : variants) {
    out += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(v.bandwidth_bps);
    if (v.width > 0 && v.height > 0) out += ",RESOLUTION=" + std::to_string(v.width) + "x" + std::to_string(v.height);
    if (!v.video_codec.empty()) out += ",CODECS=\"" + v.video_codec + ",mp4a.40.2\"";
    out += "\n" + v.uri + "\n";
  }
  return out;
}

std::optional<std::string> avcCodecString(const uint8_t* data, std::size_t size) {
  // NAL units follow 00 00 01 start codes; an SPS is type 7, its profile,
  // constraint flags and level the three bytes after its header.
  for (std::size_t i = 0; i + 6 < size; ++i) {
    if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1) continue;
    if ((data[i + 3] & 0x1f) != 7) continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "avc1.%02x%02x%02x", data[i + 4], data[i + 5], data[i + 6]);
    return std::string(buf);
  }
  return std::nullopt;
}

uint32_t scaledEvenWidth(uint32_t width, uint32_t height, int par_n, int par_d, uint32_t target_height) {
  if (width == 0 || height == 0 || target_height == 0) return 0;
  if (par_n <= 0 || par_d <= 0) par_n = par_d = 1;
  const double exact = static_cast<double>(width) * par_n / par_d * target_height / height;
  const auto even = static_cast<uint32_t>(std::lround(exact / 2.0)) * 2;
  return std::max<uint32_t>(2, even);
}

}  // namespace hallcast
