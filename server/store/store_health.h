#pragma once
// Whether the durable store takes writes, as the last attempts found. A
// failure (a full disk, a read-only data directory, Redis out of reach)
// makes the hub refuse to acknowledge — nothing is acknowledged that is not
// stored — and /healthz and /metrics say so until a write succeeds again.
// Says it loudly in the log once per outage, and once when it is over.

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace hallcast {

class StoreHealth {
 public:
  // A write failed with `error`.
  void failed(const std::string& error) {
    ++failures_;
    last_error_ = error;
    if (failing_) return;
    failing_ = true;
    since_ = std::chrono::system_clock::now();
    spdlog::critical("storage is failing ({}); nothing new is acknowledged until it recovers", error);
  }
  // A write went through.
  void succeeded() {
    if (!failing_) return;
    failing_ = false;
    spdlog::warn("storage recovered after {} failed writes; acknowledging again", failures_ - failures_at_recovery_);
    failures_at_recovery_ = failures_;
  }

  bool failing() const { return failing_; }
  const std::string& lastError() const { return last_error_; }
  uint64_t failures() const { return failures_; }
  // When the failing began (while failing()).
  std::chrono::system_clock::time_point since() const { return since_; }

 private:
  bool failing_ = false;
  std::chrono::system_clock::time_point since_{};
  std::string last_error_;
  uint64_t failures_ = 0;
  uint64_t failures_at_recovery_ = 0;
};

}  // namespace hallcast
