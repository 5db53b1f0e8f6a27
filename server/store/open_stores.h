#pragma once
// The hub's durable stores, chosen by the configuration: the embedded SQLite
// file in the data directory by default, Redis when the event has a
// `cluster` section (several nodes then share the room logs and votes).

#include <filesystem>
#include <memory>
#include <string>

#include "config/event_config.h"
#include "store/event_log.h"
#include "store/vote_store.h"

namespace hallcast {

class SqliteDb;
class RedisDb;
class RedisVoteStore;

struct Stores {
  Stores();
  ~Stores();
  Stores(Stores&&) noexcept;
  std::unique_ptr<SqliteDb> sqlite;
  std::unique_ptr<RedisDb> redis;
  std::unique_ptr<EventLog> log;
  std::unique_ptr<VoteStore> votes;
  RedisVoteStore* redis_votes = nullptr;  // = votes in cluster mode
  std::string description;  // for the log: where the events are kept
};

// The prefix of every Redis key of the event: one hash tag for all of it, so
// that every key lands in the same slot of a Redis Cluster and an append to
// several rooms stays atomic.
std::string redisKeyPrefix(const EventConfig& config);

// Throws StoreError when the store cannot be opened or reached.
Stores openStores(const EventConfig& config, const std::filesystem::path& data_dir);

}  // namespace hallcast
