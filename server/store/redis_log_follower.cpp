#include "store/redis_log_follower.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_map>

#include "store/redis_db.h"
#include "store/redis_event_log.h"

namespace hallcast {
namespace {

constexpr int kBlockMs = 1000;     // how long one XREAD waits for news
constexpr int kBatch = 512;        // entries per stream per XREAD
constexpr auto kRetry = std::chrono::milliseconds(500);

}  // namespace

RedisLogFollower::RedisLogFollower(RedisAddress address, std::string prefix,
                                   std::vector<std::pair<std::string, uint64_t>> heads, OnEvent on_event)
    : address_(std::move(address)), prefix_(std::move(prefix)), heads_(std::move(heads)), on_event_(std::move(on_event)) {}

RedisLogFollower::~RedisLogFollower() { stop(); }

void RedisLogFollower::start() {
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void RedisLogFollower::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void RedisLogFollower::run() {
  std::unique_ptr<RedisDb> db;
  std::unordered_map<std::string, std::size_t> by_key;  // stream key -> index in heads_
  bool warned = false;
  while (!stopping_) {
    try {
      if (!db) {
        // Its timeout outlasts XREAD's block, which is not a failure.
        db = std::make_unique<RedisDb>(address_, prefix_, std::chrono::milliseconds(kBlockMs * 3));
        by_key.clear();
        for (std::size_t i = 0; i < heads_.size(); ++i) by_key[RedisEventLog::roomLogKey(*db, heads_[i].first)] = i;
      }
      std::vector<std::string> args{"XREAD", "COUNT", std::to_string(kBatch), "BLOCK", std::to_string(kBlockMs),
                                    "STREAMS"};
      for (const auto& [room, seq] : heads_) args.push_back(RedisEventLog::roomLogKey(*db, room));
      for (const auto& [room, seq] : heads_) args.push_back(std::to_string(seq) + "-1");
      const RedisReply reply = db->command(args);
      warned = false;
      if (reply->type != REDIS_REPLY_ARRAY) continue;  // nil: nothing new within the block
      for (std::size_t s = 0; s < reply->elements; ++s) {
        const redisReply* stream = reply->element[s];
        if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) continue;
        const auto found = by_key.find(std::string(stream->element[0]->str, stream->element[0]->len));
        if (found == by_key.end()) continue;
        auto& [room, head] = heads_[found->second];
        const redisReply* entries = stream->element[1];
        for (std::size_t e = 0; e < entries->elements; ++e) {
          StoredEvent event = RedisEventLog::entryToEvent(entries->element[e], room);
          head = event.seq;
          on_event_(std::move(event));
        }
      }
    } catch (const std::exception& e) {
      if (!warned) spdlog::warn("cluster: following the room logs: {}; retrying", e.what());
      warned = true;
      db.reset();
      std::this_thread::sleep_for(kRetry);
    }
  }
}

}  // namespace hallcast
