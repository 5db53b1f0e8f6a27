#pragma once
// Token bucket for per-connection rate limits: `rate` tokens a second, at most
// `burst` saved up. Time is passed in, so the bucket is pure and testable.

#include <algorithm>
#include <chrono>

namespace hallcast {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  TokenBucket(double rate, double burst, Clock::time_point now)
      : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token if there is one.
  bool tryTake(Clock::time_point now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // How long until the next token is available (zero if one is).
  std::chrono::milliseconds waitTime(Clock::time_point now) {
    refill(now);
    if (tokens_ >= 1.0 || rate_ <= 0) return std::chrono::milliseconds(0);
    const double seconds = (1.0 - tokens_) / rate_;
    return std::chrono::milliseconds(static_cast<long>(seconds * 1000.0) + 1);
  }

 private:
  void refill(Clock::time_point now) {
    if (now <= last_) return;
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
  }

  double rate_;
  double burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace hallcast
