#pragma once
// The wall clock, for the times people read (event times, Timestamps).
// Durations and deadlines use std::chrono::steady_clock instead.

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <cstdint>

namespace hallcast {

inline int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline google::protobuf::Timestamp timestampFromMs(int64_t unix_ms) {
  return google::protobuf::util::TimeUtil::MillisecondsToTimestamp(unix_ms);
}

inline google::protobuf::Timestamp nowTimestamp() { return timestampFromMs(nowUnixMs()); }

}  // namespace hallcast
