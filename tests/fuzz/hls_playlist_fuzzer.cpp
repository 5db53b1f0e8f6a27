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
// positive.

#include <fuzzer/FuzzedDataProvider.h>

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
  while (std::getline(lines, line)) {
    if (line.rfind("#EXT-X-TARGETDURATION:", 0) == 0) {
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
  HlsPlaylist playlist(target_ns, window);
  uint64_t removed = 0;
  while (input.remaining_bytes() > 0) {
    switch (input.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: {
        HlsSegment segment;
        segment.uri = input.ConsumeRandomLengthString(40);
        if (segment.uri.empty()) segment.uri = "s.ts";  // the packager always names a segment
        segment.duration_ns = input.ConsumeIntegral<int64_t>();
        segment.program_date_time_ms = input.ConsumeIntegral<int64_t>();
        segment.discontinuity = input.ConsumeBool();
        removed += playlist.add(std::move(segment)).size();
        fuzz::checkPlaylist(playlist, window, removed);
        break;
      }
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
        if (renderMasterPlaylist(variants).rfind("#EXTM3U\n", 0) != 0) fuzz::broken("a master playlist without #EXTM3U");
      }
    }
  }
  return 0;
}
