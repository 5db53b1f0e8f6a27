// Fuzzes what the packager hands the HLS playlist writer: segments of any
// duration, wall-clock time and name, in any window; the first SPS found in
// an access unit (the CODECS attribute); a picture's size and pixel aspect
// (a ladder rung's width). A hall's sender controls the stream these come
// from, so none of them is trusted.
//
// Promises checked, as an HLS client would read the result (RFC 8216):
// #EXTM3U first; every EXTINF, rounded to the nearest integer, is at most
// EXT-X-TARGETDURATION (§4.3.3.1); the media sequence counts the segments
// that left the window (§4.3.3.2); at most `window` segments are listed,
// each URI on one line with no character a URI may not hold; every
// program date-time is an ISO 8601 date with milliseconds and a zone; the
// codec string is "avc1." and six hex digits; a rung's width is even and
// positive. Low-latency playlists (RFC 8216bis) besides: every part's
// DURATION is at most PART-TARGET, PART-HOLD-BACK at least twice it; parts
// and the preload hint are quoted URIs with no character a quoted string
// may not hold; blocking reloads are answered at once for a finished
// segment, never for one not begun, refused past two segments ahead. A
// master playlist lists each audio rendition on a line of its own with
// its quoted-strings closed, and every variant names the audio group.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_event.h"
#include "room/hls_playlist.h"

namespace hallcast::fuzz {
namespace {

// The quoted URI in `line` after `key` (URI="..."): no quote, CR, LF or
// other control character inside.
void checkQuotedUri(const std::string& line, const std::string& key) {
  const std::size_t at = line.find(key + "=\"");
  if (at == std::string::npos) broken("no " + key + " in " + line);
  const std::size_t start = at + key.size() + 2;
  const std::size_t end = line.find('"', start);
  if (end == std::string::npos) broken("an unterminated URI: " + line);
  for (std::size_t i = start; i < end; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c >= 0x7f) broken("a quoted URI with a control character: " + line);
  }
}

double attribute(const std::string& line, const std::string& name) {
  const std::size_t at = line.find(name + "=");
  if (at == std::string::npos) broken("no " + name + " in " + line);
  return std::stod(line.substr(at + name.size() + 1));
}

void checkPlaylist(const HlsPlaylist& playlist, std::size_t window, uint64_t removed) {
  static const std::regex date(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  std::istringstream lines(playlist.render());
  std::string line;
  std::getline(lines, line);
  if (line != "#EXTM3U") broken("the playlist does not start with #EXTM3U");
  long target = -1;
  uint64_t sequence = 0;
  std::size_t uris = 0;
  std::vector<double> durations;
  double part_target = -1;
  double hold_back = -1;
  std::vector<double> parts;
  while (std::getline(lines, line)) {
    if (line.rfind("#EXT-X-PART-INF:", 0) == 0) {
      part_target = attribute(line, "PART-TARGET");
    } else if (line.rfind("#EXT-X-SERVER-CONTROL:", 0) == 0) {
      hold_back = attribute(line, "PART-HOLD-BACK");
    } else if (line.rfind("#EXT-X-PART:", 0) == 0) {
      parts.push_back(attribute(line, "DURATION"));
      checkQuotedUri(line, "URI");
    } else if (line.rfind("#EXT-X-PRELOAD-HINT:", 0) == 0) {
      checkQuotedUri(line, "URI");
    } else if (line.rfind("#EXT-X-TARGETDURATION:", 0) == 0) {
      target = std::stol(line.substr(22));
    } else if (line.rfind("#EXT-X-MEDIA-SEQUENCE:", 0) == 0) {
      sequence = std::stoull(line.substr(22));
    } else if (line.rfind("#EXTINF:", 0) == 0) {
      const double seconds = std::stod(line.substr(8));
      if (!(seconds >= 0)) broken("a negative EXTINF: " + line);
      durations.push_back(seconds);
    } else if (line.rfind("#EXT-X-PROGRAM-DATE-TIME:", 0) == 0) {
      if (!std::regex_match(line.substr(25), date)) broken("not an ISO 8601 date-time: " + line);
    } else if (!line.empty() && line[0] != '#') {
      ++uris;
      for (unsigned char c : line) {
        if (c <= 0x20 || c >= 0x7f || c == '"') broken("a URI with a character URIs may not hold: " + line);
      }
    } else if (line.empty() || line.rfind("#EXT", 0) != 0) {
      broken("a line that is neither a tag nor a URI: \"" + line + "\"");
    }
  }
  if (target < 1) broken("no EXT-X-TARGETDURATION");
  if (!parts.empty() && part_target < 0) broken("parts without EXT-X-PART-INF");
  for (double seconds : parts) {
    if (!(seconds >= 0) || seconds > part_target) broken("a part of " + std::to_string(seconds) + " s, longer than PART-TARGET");
  }
  if (part_target >= 0 && !(hold_back >= 2 * part_target)) broken("PART-HOLD-BACK under twice PART-TARGET");
  for (double seconds : durations) {
    // A client rounds what it reads: half up.
    if (std::floor(seconds + 0.5) > static_cast<double>(target)) {
      broken("EXTINF " + std::to_string(seconds) + " rounds above the target duration " + std::to_string(target));
    }
  }
  if (uris != durations.size() || uris != playlist.size()) broken("URIs and EXTINFs do not pair up");
  if (uris > window) broken("more segments than the window");
  if (sequence != removed) broken("the media sequence does not count the segments that left");
}

// RFC 8216bis §6.2.5.2 as blockingReload() answers it for `playlist`.
void checkReload(const HlsPlaylist& playlist, FuzzedDataProvider& input) {
  const HlsPosition at = playlist.position();
  const uint64_t msn = input.ConsumeIntegralInRange<uint64_t>(0, at.openSequence() + 4);
  const std::optional<uint64_t> part =
      input.ConsumeBool() ? std::optional<uint64_t>(input.ConsumeIntegralInRange<uint64_t>(0, 40)) : std::nullopt;
  const ReloadState state = blockingReload(at, msn, part);
  if (msn < at.openSequence() && !(part && msn >= at.media_sequence) && state != ReloadState::kReady) {
    broken("a finished segment is not answered at once");
  }
  if (msn > at.openSequence() + 1 && state != ReloadState::kTooFar) broken("three segments ahead is not refused");
  if (msn > at.openSequence() && state == ReloadState::kReady) broken("a segment not begun is answered");
  if (msn == at.openSequence() && !part && state == ReloadState::kReady) broken("the open segment counted as finished");
}

void checkCodec(FuzzedDataProvider& input) {
  const std::vector<uint8_t> access_unit = input.ConsumeBytes<uint8_t>(input.ConsumeIntegralInRange<std::size_t>(0, 64));
  static const std::regex codec("avc1\\.[0-9a-f]{6}");
  if (auto text = avcCodecString(access_unit.data(), access_unit.size())) {
    if (!std::regex_match(*text, codec)) broken("codec string " + *text);
  }
}

void checkRung(FuzzedDataProvider& input) {
  const auto width = input.ConsumeIntegral<uint32_t>();
  const auto height = input.ConsumeIntegral<uint32_t>();
  const auto par_n = input.ConsumeIntegral<int>();
  const auto par_d = input.ConsumeIntegral<int>();
  const auto target = input.ConsumeIntegral<uint32_t>();
  const uint32_t scaled = scaledEvenWidth(width, height, par_n, par_d, target);
  if (width == 0 || height == 0 || target == 0) {
    if (scaled != 0) broken("a width for no picture");
  } else if (scaled == 0 || scaled % 2 != 0) {
    broken("rung width " + std::to_string(scaled));
  }
}

}  // namespace
}  // namespace hallcast::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace hallcast;
  FuzzedDataProvider input(data, size);
  const auto target_ns = input.ConsumeIntegralInRange<int64_t>(1, 30) * 1'000'000'000;
  const std::size_t window = input.ConsumeIntegralInRange<std::size_t>(1, 20);
  const int64_t part_target_ns = input.ConsumeBool() ? input.ConsumeIntegralInRange<int64_t>(1, 2000) * 1'000'000 : 0;
  HlsPlaylist playlist(target_ns, window, part_target_ns);
  uint64_t added = 0;  // segments
  uint64_t removed = 0;
  while (input.remaining_bytes() > 0) {
    switch (input.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: {
        HlsSegment segment;
        segment.uri = input.ConsumeRandomLengthString(40);
        if (segment.uri.empty()) segment.uri = "s.ts";  // the packager always names a segment
        segment.duration_ns = input.ConsumeIntegral<int64_t>();
        segment.program_date_time_ms = input.ConsumeIntegral<int64_t>();
        segment.discontinuity = input.ConsumeBool();
        playlist.add(std::move(segment));
        ++added;
        removed = added > window ? added - window : 0;
        fuzz::checkPlaylist(playlist, window, removed);
        break;
      }
      case 4: {
        HlsPart part;
        part.uri = input.ConsumeRandomLengthString(40);
        if (part.uri.empty()) part.uri = "p.ts";
        part.duration_ns = input.ConsumeIntegral<int64_t>();
        part.independent = input.ConsumeBool();
        const int64_t date = input.ConsumeIntegral<int64_t>();
        const bool discontinuity = input.ConsumeBool();
        playlist.addPart(std::move(part), date, discontinuity, input.ConsumeRandomLengthString(20));
        fuzz::checkPlaylist(playlist, window, removed);
        break;
      }
      case 5:
        fuzz::checkReload(playlist, input);
        break;
      case 1:
        fuzz::checkCodec(input);
        break;
      case 2:
        fuzz::checkRung(input);
        break;
      default: {
        std::vector<HlsVariant> variants(input.ConsumeIntegralInRange<std::size_t>(0, 4));
        for (HlsVariant& v : variants) {
          v.uri = "v" + std::to_string(input.ConsumeIntegral<uint16_t>()) + "/index.m3u8";
          v.bandwidth_bps = input.ConsumeIntegral<uint64_t>();
          v.width = input.ConsumeIntegral<uint32_t>();
          v.height = input.ConsumeIntegral<uint32_t>();
        }
        std::vector<HlsAudioRendition> audio(input.ConsumeIntegralInRange<std::size_t>(0, 3));
        for (HlsAudioRendition& a : audio) {
          a.name = input.ConsumeRandomLengthString(20);
          a.language = input.ConsumeRandomLengthString(8);
          a.uri = input.ConsumeRandomLengthString(30);
          a.channels = input.ConsumeIntegral<uint8_t>();
          a.is_default = input.ConsumeBool();
        }
        const std::string master = renderMasterPlaylist(variants, audio);
        if (master.rfind("#EXTM3U\n", 0) != 0) fuzz::broken("a master playlist without #EXTM3U");
        // Each rendition on a line of its own, its quoted-strings closed
        // (names and URIs hold no quote or line break: §4.2).
        std::size_t media = 0;
        for (std::size_t at = 0; at < master.size();) {
          const std::size_t end = master.find('\n', at);
          const std::string line = master.substr(at, end - at);
          if (line.rfind("#EXT-X-MEDIA:", 0) == 0) {
            ++media;
            if (std::count(line.begin(), line.end(), '"') % 2 != 0) fuzz::broken("an unclosed quoted-string");
          }
          if (line.rfind("#EXT-X-STREAM-INF:", 0) == 0 && !audio.empty() &&
              line.find(",AUDIO=\"aud\"") == std::string::npos) {
            fuzz::broken("a variant that does not name its audio group");
          }
          if (end == std::string::npos) break;
          at = end + 1;
        }
        if (media != audio.size()) fuzz::broken("an audio rendition not on a line of its own");
      }
    }
  }
  return 0;
}
