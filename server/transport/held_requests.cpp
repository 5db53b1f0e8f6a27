#include "transport/held_requests.h"

namespace hallcast {

void HeldRequests::hold(lws* wsi, const std::string& key, Clock::time_point deadline) {
  release(wsi);
  by_key_[key].insert(wsi);
  held_.emplace(wsi, Held{key, by_deadline_.emplace(deadline, wsi)});
}

bool HeldRequests::release(lws* wsi) {
  const auto it = held_.find(wsi);
  if (it == held_.end()) return false;
  const auto waiters = by_key_.find(it->second.key);
  waiters->second.erase(wsi);
  if (waiters->second.empty()) by_key_.erase(waiters);  // keys are paths and sessions: many, short-lived
  by_deadline_.erase(it->second.deadline);
  held_.erase(it);
  return true;
}

std::vector<lws*> HeldRequests::waitingFor(const std::string& key) const {
  const auto waiters = by_key_.find(key);
  if (waiters == by_key_.end()) return {};
  return {waiters->second.begin(), waiters->second.end()};
}

std::vector<lws*> HeldRequests::expired(Clock::time_point now) const {
  std::vector<lws*> due;
  for (auto it = by_deadline_.begin(); it != by_deadline_.end() && it->first <= now; ++it) due.push_back(it->second);
  return due;
}

}  // namespace hallcast
