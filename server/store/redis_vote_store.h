#pragma once
// Votes of a cluster in Redis: one hash per room, field "<ballot> <voter>",
// value the choice. HSET replaces a voter's earlier vote on the same ballot,
// so one identity has one vote on each ballot whichever node it came through.

#include "store/redis_db.h"
#include "store/vote_store.h"

namespace hallcast {

class RedisVoteStore final : public VoteStore {
 public:
  explicit RedisVoteStore(RedisDb& db);

  void put(const StoredVote& vote) override;
  void remove(const std::string& room_id, const std::string& ballot, const std::string& voter) override;
  std::vector<StoredVote> readRoom(const std::string& room_id) override;

 private:
  std::string hashKey(const std::string& room_id) const;

  RedisDb& db_;
};

}  // namespace hallcast
