#pragma once
// The latest version of every media playlist this node writes, as the
// packagers announced it: what LL-HLS blocking reloads and preload-hinted
// parts are answered from (RFC 8216bis §6.2.5.2, §6.2.6). The media side
// hands each update to the event loop; this lives on the loop thread.

#include <map>
#include <string>

#include "room/hls_output.h"

namespace hallcast {

class LivePlaylists {
 public:
  // An empty text: the output stopped, its playlist is forgotten.
  void update(PlaylistUpdate update) {
    if (update.text.empty()) {
      playlists_.erase(update.path);
    } else {
      std::string path = update.path;
      playlists_.insert_or_assign(std::move(path), std::move(update));
    }
  }

  // `path` under the live directory ("main-forum/index.m3u8"); null when
  // no output of this node writes it now.
  const PlaylistUpdate* find(const std::string& path) const {
    const auto it = playlists_.find(path);
    return it == playlists_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, PlaylistUpdate> playlists_;
};

}  // namespace hallcast
