#pragma once
// One encoded access unit (video) or frame (audio) leaving a feed.

#include <gst/gst.h>

#include <cstdint>

#include "room/standby_switch.h"

namespace hallcast {

struct EncodedSample {
  Track track = Track::kVideo;
  GstBuffer* buffer = nullptr;  // borrowed
  GstCaps* caps = nullptr;      // borrowed
  // Running time in the feed's pipeline (not the buffer's own timestamps,
  // which encoders may offset): audio and video of a feed line up on it.
  int64_t pts = -1;
  int64_t dts = -1;
  int64_t duration = -1;
  bool keyframe = false;
  uint32_t epoch = 0;  // counts the feed's restarts
  uint32_t format = 0;  // video: counts changes of the picture's format within the epoch
};

}  // namespace hallcast
