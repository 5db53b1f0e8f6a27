#pragma once
// A Low-Latency HLS media playlist (RFC 8216bis) as a player reads it: its
// segments, the parts listed for each, the parts of the segment being
// written and the preload hint. For the tests that check the hub's.

#include <regex>
#include <sstream>
#include <string>
#include <cstdint>
#include <vector>

namespace hallcast::test {

struct PlaylistPart {
  std::string uri;
  double duration = 0;
  bool independent = false;
};

// A media playlist as a player reads it.
struct MediaPlaylist {
  uint64_t media_sequence = 0;
  double part_target = 0;
  std::vector<std::vector<PlaylistPart>> segment_parts;  // of each segment listed (empty: not listed)
  std::vector<std::string> segments;
  std::vector<double> extinf;
  std::vector<PlaylistPart> open_parts;  // after the last segment
  std::string hint;

  uint64_t openSequence() const { return media_sequence + segments.size(); }
};

inline MediaPlaylist parseMediaPlaylist(const std::string& text) {
  MediaPlaylist p;
  std::istringstream lines(text);
  std::string line;
  std::smatch m;
  static const std::regex part_re(R"re(#EXT-X-PART:DURATION=([0-9.]+),URI="([^"]+)"(,INDEPENDENT=YES)?)re");
  while (std::getline(lines, line)) {
    if (std::regex_match(line, m, std::regex(R"(#EXT-X-MEDIA-SEQUENCE:(\d+))"))) p.media_sequence = std::stoull(m[1]);
    if (std::regex_match(line, m, std::regex(R"(#EXT-X-PART-INF:PART-TARGET=([0-9.]+))"))) p.part_target = std::stod(m[1]);
    if (std::regex_match(line, m, part_re)) p.open_parts.push_back({m[2], std::stod(m[1]), m[3].matched});
    if (std::regex_match(line, m, std::regex(R"(#EXTINF:([0-9.]+),)"))) p.extinf.push_back(std::stod(m[1]));
    if (std::regex_match(line, m, std::regex(R"re(#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]+)")re"))) p.hint = m[1];
    if (!line.empty() && line[0] != '#') {
      p.segments.push_back(line);
      p.segment_parts.push_back(std::move(p.open_parts));
      p.open_parts.clear();
    }
  }
  return p;
}

}  // namespace hallcast::test
