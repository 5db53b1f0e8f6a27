#pragma once
// A clock the test moves by hand (see common/clock.h).

#include "common/clock.h"

namespace hallcast::test {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t unix_ms = 1'800'000'000'000) : unix_ms_(unix_ms) {}

  Steady::time_point steadyNow() const override { return steady_; }
  int64_t unixMs() const override { return unix_ms_; }

  void advance(std::chrono::milliseconds by) {
    steady_ += by;
    unix_ms_ += by.count();
  }

 private:
  Steady::time_point steady_{std::chrono::hours(1)};
  int64_t unix_ms_;
};

}  // namespace hallcast::test
