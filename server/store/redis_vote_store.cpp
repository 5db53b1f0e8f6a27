#include "store/redis_vote_store.h"

#include <charconv>

namespace hallcast {
namespace {

// Ballots ("q/12", "p/40") never hold a space; user ids neither.
std::string field(const std::string& ballot, const std::string& voter) { return ballot + " " + voter; }

}  // namespace

RedisVoteStore::RedisVoteStore(RedisDb& db) : db_(db) {}

std::string RedisVoteStore::hashKey(const std::string& room_id) const { return db_.key("room:" + room_id + ":votes"); }

void RedisVoteStore::put(const StoredVote& vote) {
  db_.command({"HSET", hashKey(vote.room_id), field(vote.ballot, vote.voter), std::to_string(vote.choice)});
}

void RedisVoteStore::remove(const std::string& room_id, const std::string& ballot, const std::string& voter) {
  db_.command({"HDEL", hashKey(room_id), field(ballot, voter)});
}

std::vector<StoredVote> RedisVoteStore::readRoom(const std::string& room_id) {
  const RedisReply reply = db_.command({"HGETALL", hashKey(room_id)});
  std::vector<StoredVote> votes;
  if (reply->type != REDIS_REPLY_ARRAY) throw StoreError("redis: HGETALL: expected a list");
  for (std::size_t i = 0; i + 1 < reply->elements; i += 2) {
    const std::string name(reply->element[i]->str, reply->element[i]->len);
    const auto space = name.find(' ');
    if (space == std::string::npos) continue;  // not one of ours
    StoredVote vote;
    vote.room_id = room_id;
    vote.ballot = name.substr(0, space);
    vote.voter = name.substr(space + 1);
    const redisReply* value = reply->element[i + 1];
    std::from_chars(value->str, value->str + value->len, vote.choice);
    votes.push_back(std::move(vote));
  }
  return votes;
}

}  // namespace hallcast
