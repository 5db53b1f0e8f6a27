#include "room/hls_playlist.h"

#include <algorithm>
#include <cstdint>
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

// Seconds with three decimals, as EXTINF, DURATION and PART-TARGET write them.
std::string secondsText(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
  return buf;
}

}  // namespace

void HlsPlaylist::addPart(HlsPart part, int64_t segment_date_time_ms, bool segment_discontinuity,
                          std::string next_uri) {
  if (open_parts_.empty()) {
    open_date_time_ms_ = segment_date_time_ms;
    open_discontinuity_ = segment_discontinuity;
  }
  longest_part_ns_ = std::max(longest_part_ns_, part.duration_ns);
  open_parts_.push_back(std::move(part));
  preload_hint_ = std::move(next_uri);
}

std::vector<std::string> HlsPlaylist::add(HlsSegment segment) {
  if (segment.parts.empty()) segment.parts = std::move(open_parts_);
  open_parts_.clear();
  segments_.push_back(std::move(segment));
  std::vector<std::string> removed;
  while (segments_.size() > window_) {
    // Discontinuities leaving the window are counted, so that players keep
    // matching timelines (RFC 8216 §4.3.3.3).
    if (segments_.front().discontinuity) ++discontinuity_sequence_;
    removed.push_back(segments_.front().uri);
    for (const HlsPart& part : segments_.front().parts) removed.push_back(part.uri);
    segments_.pop_front();
    ++media_sequence_;
  }
  return removed;
}

void HlsPlaylist::renderParts(std::string& out, const std::vector<HlsPart>& parts) const {
  for (const HlsPart& part : parts) {
    out += "#EXT-X-PART:DURATION=" + secondsText(roundedMs(part.duration_ns)) + ",URI=\"" + uriLine(part.uri) + "\"";
    if (part.independent) out += ",INDEPENDENT=YES";
    out += "\n";
  }
}

int64_t HlsPlaylist::targetSeconds() const {
  // EXT-X-TARGETDURATION must be at least every segment's EXTINF, as
  // written (in milliseconds) and rounded to whole seconds (§4.3.3.1).
  int64_t target = std::max<int64_t>(1, roundedSeconds(roundedMs(target_ns_)));
  for (const auto& s : segments_) target = std::max(target, roundedSeconds(roundedMs(s.duration_ns)));
  return target;
}

std::string HlsPlaylist::render(const std::vector<RenditionReport>& reports) const {
  const int64_t target = targetSeconds();
  const bool low_latency = part_target_ns_ > 0;

  // Version 3 with parts too: players that do not know the LL-HLS tags
  // ignore them (RFC 8216 §6.3.1) and play whole segments.
  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
  out += "#EXT-X-TARGETDURATION:" + std::to_string(target) + "\n";
  if (low_latency) {
    // PART-TARGET is at least every part's DURATION as written; players
    // stay PART-HOLD-BACK behind the end, three part targets (RFC 8216bis
    // §4.4.3.8 asks for at least two, recommends three).
    const int64_t part_target_ms = std::max(roundedMs(part_target_ns_), roundedMs(longest_part_ns_));
    out += "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=" + secondsText(3 * part_target_ms) + "\n";
    out += "#EXT-X-PART-INF:PART-TARGET=" + secondsText(part_target_ms) + "\n";
  }
  out += "#EXT-X-MEDIA-SEQUENCE:" + std::to_string(media_sequence_) + "\n";
  if (discontinuity_sequence_ > 0) {
    out += "#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(discontinuity_sequence_) + "\n";
  }
  // Parts are listed for the segments that start within three target
  // durations of the end (RFC 8216bis §6.2.2), older ones by segment only.
  // In milliseconds as written, saturating: durations come from a stream.
  const auto plus = [](int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; };
  int64_t from_end_ms = 0;
  for (const HlsPart& part : open_parts_) from_end_ms = plus(from_end_ms, roundedMs(part.duration_ns));
  std::size_t first_with_parts = segments_.size();
  while (first_with_parts > 0 && from_end_ms < 3 * target * 1000) {
    --first_with_parts;
    from_end_ms = plus(from_end_ms, roundedMs(segments_[first_with_parts].duration_ns));
  }
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const HlsSegment& s = segments_[i];
    if (s.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    out += "#EXT-X-PROGRAM-DATE-TIME:" + isoTime(s.program_date_time_ms) + "\n";
    if (low_latency && i >= first_with_parts) renderParts(out, s.parts);
    out += "#EXTINF:" + secondsText(roundedMs(s.duration_ns)) + ",\n";
    out += uriLine(s.uri) + "\n";
  }
  if (low_latency && !open_parts_.empty()) {
    if (open_discontinuity_) out += "#EXT-X-DISCONTINUITY\n";
    out += "#EXT-X-PROGRAM-DATE-TIME:" + isoTime(open_date_time_ms_) + "\n";
    renderParts(out, open_parts_);
  }
  if (low_latency && !preload_hint_.empty()) {
    out += "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + uriLine(preload_hint_) + "\"\n";
  }
  if (low_latency) {
    for (const RenditionReport& r : reports) {
      out += "#EXT-X-RENDITION-REPORT:URI=\"" + uriLine(r.uri) + "\",LAST-MSN=" + std::to_string(r.last_msn) +
             ",LAST-PART=" + std::to_string(r.last_part) + "\n";
    }
  }
  return out;
}

HlsPosition HlsPlaylist::position() const {
  HlsPosition at;
  at.media_sequence = media_sequence_;
  for (const HlsSegment& s : segments_) at.segment_parts.push_back(static_cast<uint32_t>(s.parts.size()));
  at.open_parts = static_cast<uint32_t>(open_parts_.size());
  // What the playlist says (a feed's GOP may make segments longer than
  // configured): blocking reloads are held for three of these. At most a
  // day, far above any real segment: a segment may say any length (the
  // fuzzer found ~292 years).
  constexpr int64_t kMaxTargetSeconds = 86'400;
  at.target_duration_ns = std::min(targetSeconds(), kMaxTargetSeconds) * 1'000'000'000;
  at.part_target_ns = part_target_ns_;
  at.preload_hint = preload_hint_;
  return at;
}

ReloadState blockingReload(const HlsPosition& at, uint64_t msn, std::optional<uint64_t> part) {
  const uint64_t open = at.openSequence();
  // §6.2.5.2: more than two segments past the last finished one, or more
  // parts ahead than the Advance Part Limit (3 / PART-TARGET in seconds).
  if (msn > open + 1) return ReloadState::kTooFar;
  if (part && at.part_target_ns > 0) {
    const uint64_t limit = static_cast<uint64_t>(std::max<int64_t>(3, 3'000'000'000 / at.part_target_ns));
    const uint64_t ahead_of = msn == open ? at.open_parts : 0;
    if (msn >= open && *part >= ahead_of + limit) return ReloadState::kTooFar;
  }
  // A part past a finished segment's last is part 0 of the next one.
  while (part && msn >= at.media_sequence && msn < open && *part >= at.segment_parts[msn - at.media_sequence]) {
    ++msn;
    part = 0;
  }
  if (msn < open) return ReloadState::kReady;
  if (msn == open && part && *part < at.open_parts) return ReloadState::kReady;
  return ReloadState::kWait;
}

}  // namespace hallcast

namespace hallcast {

std::string renderReplayPlaylist(const std::vector<HlsSegment>& segments) {
  int64_t target = 1;
  for (const HlsSegment& s : segments) target = std::max(target, roundedSeconds(roundedMs(s.duration_ns)));
  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
  out += "#EXT-X-TARGETDURATION:" + std::to_string(target) + "\n";
  out += "#EXT-X-MEDIA-SEQUENCE:0\n";
  out += "#EXT-X-PLAYLIST-TYPE:VOD\n";
  out += "#EXT-X-INDEPENDENT-SEGMENTS\n";  // each is cut at a keyframe
  for (const HlsSegment& s : segments) {
    if (s.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    out += "#EXT-X-PROGRAM-DATE-TIME:" + isoTime(s.program_date_time_ms) + "\n";
    out += "#EXTINF:" + secondsText(roundedMs(s.duration_ns)) + ",\n";
    out += uriLine(s.uri) + "\n";
  }
  out += "#EXT-X-ENDLIST\n";
  return out;
}

std::string renderMasterPlaylist(const std::vector<HlsVariant>& variants, const std::vector<HlsAudioRendition>& audio) {
  std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
  // Quoted-strings may hold neither '"' nor line breaks (§4.2); names and
  // languages come from the configuration, which keeps them out.
  const auto quoted = [](const std::string& text) {
    std::string q;
    for (char c : text) {
      if (c != '"' && c != '\n' && c != '\r') q += c;
    }
    return "\"" + q + "\"";
  };
  for (const HlsAudioRendition& a : audio) {
    out += "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=" + quoted(a.name);
    if (!a.language.empty()) out += ",LANGUAGE=" + quoted(a.language);
    // AUTOSELECT: a player may choose by the viewer's language (§4.3.4.1).
    out += std::string(",DEFAULT=") + (a.is_default ? "YES" : "NO") + ",AUTOSELECT=YES";
    if (a.channels > 0) out += ",CHANNELS=\"" + std::to_string(a.channels) + "\"";
    if (!a.uri.empty()) out += ",URI=" + quoted(uriLine(a.uri));
    out += "\n";
  }
  for (const HlsVariant& v : variants) {
    out += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(v.bandwidth_bps);
    if (v.width > 0 && v.height > 0) out += ",RESOLUTION=" + std::to_string(v.width) + "x" + std::to_string(v.height);
    if (!v.video_codec.empty()) out += ",CODECS=\"" + v.video_codec + ",mp4a.40.2\"";
    if (!audio.empty()) out += ",AUDIO=\"aud\"";
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
