#pragma once
// The HTTP requests the loop holds (HttpResponse::wait_for): by what they
// wait for, so that a playlist update or a WebRTC answer wakes its own
// waiters only, and by deadline, so that the 100 ms tick looks at the
// expired ones only. What each waits with (request, timeout answer) is in
// its connection's HttpExchange; this keeps the connections.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct lws;

namespace hallcast {

class HeldRequests {
 public:
  using Clock = std::chrono::steady_clock;

  // Holds `wsi` until `key` changes or `deadline`; a connection holds one
  // request at a time (held again, it is moved).
  void hold(lws* wsi, const std::string& key, Clock::time_point deadline);
  // Forgets `wsi` (answered, or its connection closed); false when it was
  // not held.
  bool release(lws* wsi);

  // The connections waiting for `key`. A copy: answering one releases it.
  std::vector<lws*> waitingFor(const std::string& key) const;
  // The connections whose deadline is at or before `now`, earliest first
  // (still held: the caller answers and releases them).
  std::vector<lws*> expired(Clock::time_point now) const;

  bool contains(lws* wsi) const { return held_.contains(wsi); }
  std::size_t size() const { return held_.size(); }

 private:
  using Deadlines = std::multimap<Clock::time_point, lws*>;
  struct Held {
    std::string key;
    Deadlines::iterator deadline;
  };

  std::unordered_map<lws*, Held> held_;
  std::unordered_map<std::string, std::unordered_set<lws*>> by_key_;
  Deadlines by_deadline_;
};

}  // namespace hallcast
