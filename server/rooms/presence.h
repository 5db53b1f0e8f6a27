#pragma once
// Coalesces viewer-count changes so that each room announces its count at
// most once per interval (joins and leaves come in bursts when a session
// starts or a network drops). Pure: time is passed in.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace hallcast {

class PresenceCoalescer {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PresenceCoalescer(std::chrono::milliseconds min_interval) : interval_(min_interval) {}

  // The viewer count of `room_id` is now `viewers`.
  void update(const std::string& room_id, uint32_t viewers);

  struct Announcement {
    std::string room_id;
    uint32_t viewers;
  };
  // Rooms whose count changed since they last announced and whose interval
  // has passed; they count as announced from `now`.
  std::vector<Announcement> due(Clock::time_point now);

 private:
  struct State {
    uint32_t current = 0;
    uint32_t announced = 0;
    Clock::time_point last{};
  };
  std::chrono::milliseconds interval_;
  std::map<std::string, State> rooms_;
};

}  // namespace hallcast
