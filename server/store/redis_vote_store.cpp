#include "store/redis_vote_store.h"

#include <charconv>
#include <string_view>

namespace hallcast {
namespace {

// Ballot keys ("q/12", "p/40") never hold a space; user ids neither.
std::string field(const Ballot& ballot, const std::string& voter) { return ballot.key() + " " + voter; }

}  // namespace

RedisVoteStore::RedisVoteStore(RedisDb& db) : db_(db) {}

std::string RedisVoteStore::hashKey(const std::string& room_id) const { return db_.key("room:" + room_id + ":votes"); }

// KEYS: the room's hash, the votes stream. ARGV: field, choice ("-": taken
// back), room, ballot, voter. The stream keeps the last ~100,000 changes:
// a node further behind than that reads the hashes again when it restarts.
constexpr const char* kChangeScript = R"lua(
if ARGV[2] == '-' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', 'r', ARGV[3], 'b', ARGV[4], 'v', ARGV[5], 'c', ARGV[2])
return 1
)lua";

std::string RedisVoteStore::streamKey(const RedisDb& db) { return db.key("votes"); }

void RedisVoteStore::change(const StoredVote& vote, bool removed) {
  db_.command({"EVAL", kChangeScript, "2", hashKey(vote.room_id), streamKey(db_), field(vote.ballot, vote.voter),
               removed ? "-" : std::to_string(vote.choice), vote.room_id, vote.ballot.key(), vote.voter});
}

void RedisVoteStore::put(const StoredVote& vote) { change(vote, false); }

void RedisVoteStore::remove(const std::string& room_id, const Ballot& ballot, const std::string& voter) {
  change({room_id, ballot, voter, 0}, true);
}

std::string RedisVoteStore::newestChange() {
  const RedisReply reply = db_.command({"XREVRANGE", streamKey(db_), "+", "-", "COUNT", "1"});
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements == 0) return "0-0";
  const redisReply* id = reply->element[0]->element[0];
  return std::string(id->str, id->len);
}

std::pair<StoredVote, bool> RedisVoteStore::entryToChange(const redisReply* entry) {
  StoredVote vote;
  bool removed = false;
  if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) throw StoreError("redis: a vote entry of a bad shape");
  const redisReply* fields = entry->element[1];
  for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
    const std::string_view name(fields->element[i]->str, fields->element[i]->len);
    const std::string value(fields->element[i + 1]->str, fields->element[i + 1]->len);
    if (name == "r") vote.room_id = value;
    if (name == "b") {
      const auto ballot = Ballot::fromKey(value);
      if (!ballot) throw StoreError("redis: a vote entry names no ballot (\"" + value + "\")");
      vote.ballot = *ballot;
    }
    if (name == "v") vote.voter = value;
    if (name == "c") {
      removed = value == "-";
      if (!removed) std::from_chars(value.data(), value.data() + value.size(), vote.choice);
    }
  }
  return {std::move(vote), removed};
}

std::vector<StoredVote> RedisVoteStore::readRoom(const std::string& room_id) {
  const RedisReply reply = db_.command({"HGETALL", hashKey(room_id)});
  std::vector<StoredVote> votes;
  if (reply->type != REDIS_REPLY_ARRAY) throw StoreError("redis: HGETALL: expected a list");
  for (std::size_t i = 0; i + 1 < reply->elements; i += 2) {
    const std::string name(reply->element[i]->str, reply->element[i]->len);
    const auto space = name.find(' ');
    const auto ballot = space == std::string::npos ? std::nullopt : Ballot::fromKey(std::string_view(name).substr(0, space));
    if (!ballot) continue;  // not one of ours
    StoredVote vote;
    vote.room_id = room_id;
    vote.ballot = *ballot;
    vote.voter = name.substr(space + 1);
    const redisReply* value = reply->element[i + 1];
    std::from_chars(value->str, value->str + value->len, vote.choice);
    votes.push_back(std::move(vote));
  }
  return votes;
}

}  // namespace hallcast
