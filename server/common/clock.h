#pragma once
// The clocks the real-time core reads, injectable so that what depends on
// time (write deadlines, Hello timeouts, mutes, token expiry) is tested
// without waiting: steady time for durations and deadlines, wall time for
// what people read (event times, Timestamps).

#include <chrono>
#include <cstdint>

#include "common/wall_clock.h"

namespace hallcast {

class Clock {
 public:
  using Steady = std::chrono::steady_clock;

  virtual ~Clock() = default;
  virtual Steady::time_point steadyNow() const = 0;
  virtual int64_t unixMs() const = 0;

  std::chrono::system_clock::time_point systemNow() const {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(unixMs()));
  }
  google::protobuf::Timestamp timestamp() const { return timestampFromMs(unixMs()); }
};

// The machine's clocks.
class SystemClock final : public Clock {
 public:
  Steady::time_point steadyNow() const override { return Steady::now(); }
  int64_t unixMs() const override { return nowUnixMs(); }

  static const SystemClock& instance() {
    static const SystemClock clock;
    return clock;
  }
};

}  // namespace hallcast
