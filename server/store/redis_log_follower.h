#pragma once
// Follows the room logs in Redis for a cluster node: blocked in XREAD on
// every room's stream and on the votes stream (on a RedisWorker's thread
// and connection), it hands each new entry — other nodes' and this node's
// own alike — to `on_event` or `on_vote`, which run on that thread and must
// only hand it over (the hub posts it to its loop), never touch the hub's
// state themselves.

#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/event_log.h"
#include "store/redis_worker.h"
#include "store/vote_store.h"

namespace hallcast {

class RedisLogFollower final : public RedisWorker {
 public:
  using OnEvent = std::function<void(StoredEvent)>;
  using OnVote = std::function<void(StoredVote vote, bool removed)>;

  // `heads`: each log stream (room id) to follow and the seq already seen;
  // `votes_since`: the ID of the last vote change already counted.
  RedisLogFollower(RedisAddress address, std::string prefix, std::vector<std::pair<std::string, uint64_t>> heads,
                   OnEvent on_event, std::string votes_since, OnVote on_vote);
  ~RedisLogFollower() override { stop(); }

 private:
  void step(RedisDb& db) override;

  std::vector<std::pair<std::string, uint64_t>> heads_;
  std::unordered_map<std::string, std::size_t> by_key_;  // stream key -> index in heads_
  OnEvent on_event_;
  std::string votes_since_;
  OnVote on_vote_;
};

}  // namespace hallcast
