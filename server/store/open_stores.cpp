#include "store/open_stores.h"

#include "store/redis_db.h"
#include "store/redis_event_log.h"
#include "store/redis_vote_store.h"
#include "store/sqlite_db.h"
#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"

namespace hallcast {

Stores::Stores() = default;
Stores::~Stores() = default;
Stores::Stores(Stores&&) noexcept = default;

std::string redisKeyPrefix(const EventConfig& config) { return "hallcast:{" + config.id + "}:"; }

Stores openStores(const EventConfig& config, const std::filesystem::path& data_dir) {
  Stores stores;
  if (config.cluster.enabled()) {
    stores.redis = std::make_unique<RedisDb>(*config.cluster.redis, redisKeyPrefix(config));
    stores.log = std::make_unique<RedisEventLog>(*stores.redis);
    auto votes = std::make_unique<RedisVoteStore>(*stores.redis);
    stores.redis_votes = votes.get();
    stores.votes = std::move(votes);
    stores.description = "redis " + config.cluster.redis->display() + " (node " + config.cluster.node_id + ")";
  } else {
    stores.sqlite = std::make_unique<SqliteDb>(data_dir, config.storage.sync);
    stores.log = std::make_unique<SqliteEventLog>(*stores.sqlite);
    stores.votes = std::make_unique<SqliteVoteStore>(*stores.sqlite);
    stores.description = "sqlite " + (data_dir / "hallcast.db").string();
  }
  return stores;
}

}  // namespace hallcast
