#pragma once
// Votes of a cluster in Redis: one hash per room, field "<ballot> <voter>",
// value the choice. HSET replaces a voter's earlier vote on the same ballot,
// so one identity has one vote on each ballot whichever node it came through.
// Each change is also appended (in the same script, atomically) to the
// event's votes stream, which every node follows to keep its counts.

#include <string>
#include <utility>

#include "store/redis_db.h"
#include "store/vote_store.h"

namespace hallcast {

class RedisVoteStore final : public VoteStore {
 public:
  explicit RedisVoteStore(RedisDb& db);

  void put(const StoredVote& vote) override;
  void remove(const std::string& room_id, const Ballot& ballot, const std::string& voter) override;
  std::vector<StoredVote> readRoom(const std::string& room_id) override;

  // The votes stream, its newest entry's ID now ("0-0" when empty: follow
  // from there after reading the hashes), and one of its entries read back.
  static std::string streamKey(const RedisDb& db);
  std::string newestChange();
  // A change: the vote, and whether it was taken back.
  static std::pair<StoredVote, bool> entryToChange(const redisReply* entry);

 private:
  std::string hashKey(const std::string& room_id) const;
  void change(const StoredVote& vote, bool removed);

  RedisDb& db_;
};

}  // namespace hallcast
