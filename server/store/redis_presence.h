#pragma once
// Viewer counts across a cluster: every second each node writes its own
// counts per room to Redis (a hash per node that expires after a few
// seconds, so a dead node's viewers disappear with it) and reads the other
// nodes' sums, on a RedisWorker's thread and connection. The loop hands this
// node's counts in with setLocal (no I/O there) and gets the others' back
// through `on_remote`, which runs on the worker's thread and must only post
// to the loop.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "store/redis_worker.h"

namespace hallcast {

class RedisPresence final : public RedisWorker {
 public:
  using Counts = std::map<std::string, uint32_t>;  // room id -> viewers
  using OnRemote = std::function<void(Counts)>;

  static constexpr std::chrono::milliseconds kInterval{1000};
  static constexpr std::chrono::milliseconds kTtl{5000};

  RedisPresence(RedisAddress address, std::string prefix, std::string node_id, OnRemote on_remote);
  ~RedisPresence() override { stop(); }

  // This node's viewers of `room_id` now (any thread).
  void setLocal(const std::string& room_id, uint32_t viewers);

 private:
  void step(RedisDb& db) override;
  // Leaving: the other nodes stop counting this node's viewers at once.
  void finish(RedisDb* db) override;
  // The other nodes' viewers per room (rooms with none left out).
  Counts readRemote(RedisDb& db);

  std::string node_id_;
  OnRemote on_remote_;
  std::mutex mutex_;
  Counts local_;  // guarded by mutex_
  Counts last_remote_;
};

}  // namespace hallcast
