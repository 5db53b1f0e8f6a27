#include "store/redis_log_follower.h"

#include <string_view>

#include "store/redis_db.h"
#include "store/redis_event_log.h"
#include "store/redis_vote_store.h"

namespace hallcast {
namespace {

constexpr int kBlockMs = 1000;  // how long one XREAD waits for news (and stop() for it)
constexpr int kBatch = 512;     // entries per stream per XREAD

}  // namespace

// The connection's timeout outlasts XREAD's block, which is not a failure.
RedisLogFollower::RedisLogFollower(RedisAddress address, std::string prefix,
                                   std::vector<std::pair<std::string, uint64_t>> heads, OnEvent on_event,
                                   std::string votes_since, OnVote on_vote)
    : RedisWorker(std::move(address), std::move(prefix), "following the room logs",
                  std::chrono::milliseconds(kBlockMs * 3)),
      heads_(std::move(heads)),
      on_event_(std::move(on_event)),
      votes_since_(std::move(votes_since)),
      on_vote_(std::move(on_vote)) {}

void RedisLogFollower::step(RedisDb& db) {
  if (by_key_.empty()) {
    for (std::size_t i = 0; i < heads_.size(); ++i) by_key_[RedisEventLog::roomLogKey(db, heads_[i].first)] = i;
  }
  std::vector<std::string> args{"XREAD", "COUNT", std::to_string(kBatch), "BLOCK", std::to_string(kBlockMs), "STREAMS"};
  const std::string votes_key = RedisVoteStore::streamKey(db);
  for (const auto& [room, seq] : heads_) args.push_back(RedisEventLog::roomLogKey(db, room));
  args.push_back(votes_key);
  for (const auto& [room, seq] : heads_) args.push_back(std::to_string(seq) + "-1");
  args.push_back(votes_since_);
  const RedisReply reply = db.command(args);
  if (reply->type != REDIS_REPLY_ARRAY) return;  // nil: nothing new within the block
  for (std::size_t s = 0; s < reply->elements; ++s) {
    const redisReply* stream = reply->element[s];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) continue;
    const redisReply* entries = stream->element[1];
    if (std::string_view(stream->element[0]->str, stream->element[0]->len) == votes_key) {
      for (std::size_t e = 0; e < entries->elements; ++e) {
        const redisReply* id = entries->element[e]->element[0];
        votes_since_.assign(id->str, id->len);
        auto [vote, removed] = RedisVoteStore::entryToChange(entries->element[e]);
        on_vote_(std::move(vote), removed);
      }
      continue;
    }
    const auto found = by_key_.find(std::string(stream->element[0]->str, stream->element[0]->len));
    if (found == by_key_.end()) continue;
    auto& [room, head] = heads_[found->second];
    for (std::size_t e = 0; e < entries->elements; ++e) {
      StoredEvent event = RedisEventLog::entryToEvent(entries->element[e], room);
      head = event.seq;
      on_event_(std::move(event));
    }
  }
}

}  // namespace hallcast
