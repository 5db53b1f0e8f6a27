#pragma once
// One simultaneous-interpretation channel of a room, as configured
// (rooms[].interpretation): see room/interpretation_channel.h.

#include <string>

#include "feeds/feed_uri.h"

namespace hallcast {

struct InterpretationConfig {
  std::string language;  // BCP 47, e.g. "en"
  std::string name;      // shown to listeners and in the master playlist, e.g. "English"
  FeedUri feed;          // the interpreter booth's audio
};

}  // namespace hallcast
