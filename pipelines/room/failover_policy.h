#pragma once
// Decides which source a room should have on air from when each last
// delivered data: the hall feed while it flows, else its backup while that
// flows, else the slate. A source that comes back must flow steadily for a
// moment before it is taken again, so a flapping link does not make the
// output flap with it. A source that delivered and then went quiet for
// longer is stalled: its owner restarts it, since some sources never notice
// on their own (an SRT listener holds a dead encoder's connection for its
// 5 s peer-idle timeout and takes no new caller meanwhile). Pure: time is
// passed in.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include "room/standby_switch.h"

namespace hallcast {

// A failed source is restarted after a backoff that starts here and
// doubles up to the maximum (and starts here again once it flows).
inline constexpr std::chrono::milliseconds kFirstRestartBackoff{500};
inline constexpr std::chrono::milliseconds kMaxRestartBackoff{10'000};

// A source that delivered and then went quiet this long is restarted:
// twice the feed timeout, at least a second.
inline std::chrono::milliseconds stallTimeFor(uint32_t feed_timeout_ms) {
  return std::max(std::chrono::milliseconds(1000), std::chrono::milliseconds(2 * feed_timeout_ms));
}

class FailoverPolicy {
 public:
  using Clock = std::chrono::steady_clock;

  FailoverPolicy(std::chrono::milliseconds timeout, std::chrono::milliseconds settle,
                 std::chrono::milliseconds stall)
      : timeout_(timeout), settle_(settle), stall_(stall) {}

  // `source` delivered a buffer at `now`.
  void onData(SourceKind source, Clock::time_point now);

  // `source` is gone (it ended or failed): it stops counting as flowing now,
  // not a timeout later.
  void onLost(SourceKind source);

  // True when `source` delivered within the timeout.
  bool flowing(SourceKind source, Clock::time_point now) const;

  // True when `source` delivered since it was last lost, but not within the
  // stall time.
  bool stalled(SourceKind source, Clock::time_point now) const;

  SourceKind choose(Clock::time_point now, bool has_backup) const;
  std::chrono::milliseconds stallTime() const { return stall_; }

  // A technician's choice that overrides failover: the slate, or the backup
  // (while it flows; the slate otherwise). nullopt: automatic again.
  void force(std::optional<SourceKind> source) { forced_ = source; }
  std::optional<SourceKind> forced() const { return forced_; }

 private:
  struct Flow {
    std::optional<Clock::time_point> last;   // newest buffer
    std::optional<Clock::time_point> since;  // start of the current unbroken flow
  };
  bool steady(const Flow& flow, Clock::time_point now) const;

  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds settle_;
  std::chrono::milliseconds stall_;
  std::array<Flow, 3> flows_{};
  std::optional<SourceKind> forced_;
};

}  // namespace hallcast
