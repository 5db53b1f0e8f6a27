#pragma once
// Where each media playlist of a room with a ladder is: its last segment
// and part, for the EXT-X-RENDITION-REPORT tags every one of them carries
// about the others (RFC 8216bis §4.4.5.4), so that a player switching
// renditions asks the new one for the right part at once. Written and read
// by the outputs' streaming threads.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "room/hls_playlist.h"

namespace hallcast {

class RenditionReports {
 public:
  // `path`: the playlist's path under the live directory
  // ("main-forum/360p/index.m3u8"); `at`: where it now is.
  void set(const std::string& path, const HlsPosition& at);
  // The others' reports, their URIs relative to `path`'s directory.
  std::vector<RenditionReport> others(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<uint64_t, uint64_t>> last_;  // path → (msn, part)
};

// `to` relative to the directory of `from`, both paths under the same
// root: "a/index.m3u8", "a/360p/index.m3u8" → "360p/index.m3u8", and back
// "../index.m3u8".
std::string relativeUri(const std::string& from, const std::string& to);

}  // namespace hallcast
