#pragma once
// Follows the room logs in Redis for a cluster node: its own connection and
// thread blocked in XREAD on every room's stream, handing each new entry —
// other nodes' events and this node's own alike — to `on_event`. That runs
// on the follower's thread: it must only hand the event over (the hub posts
// it to its loop), never touch the hub's state itself.

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config/redis_url.h"
#include "store/event_log.h"

namespace hallcast {

class RedisLogFollower {
 public:
  using OnEvent = std::function<void(StoredEvent)>;

  // `heads`: each log stream (room id) to follow and the seq already seen.
  RedisLogFollower(RedisAddress address, std::string prefix, std::vector<std::pair<std::string, uint64_t>> heads,
                   OnEvent on_event);
  ~RedisLogFollower();  // stops it
  RedisLogFollower(const RedisLogFollower&) = delete;
  RedisLogFollower& operator=(const RedisLogFollower&) = delete;

  void start();
  // Returns once the thread ended (within about a second: XREAD's block).
  void stop();

 private:
  void run();

  RedisAddress address_;
  std::string prefix_;
  std::vector<std::pair<std::string, uint64_t>> heads_;
  OnEvent on_event_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace hallcast
