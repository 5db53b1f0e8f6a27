#include "rooms/presence.h"

namespace hallcast {

void PresenceCoalescer::update(const std::string& room_id, uint32_t viewers) {
  rooms_[room_id].current = viewers;
}

std::vector<PresenceCoalescer::Announcement> PresenceCoalescer::due(Clock::time_point now) {
  std::vector<Announcement> out;
  for (auto& [room_id, state] : rooms_) {
    if (state.current == state.announced) continue;
    if (state.last != Clock::time_point{} && now - state.last < interval_) continue;
    state.announced = state.current;
    state.last = now;
    out.push_back({room_id, state.current});
  }
  return out;
}

}  // namespace hallcast
