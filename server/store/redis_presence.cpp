#include "store/redis_presence.h"

#include <charconv>

#include "store/redis_db.h"

namespace hallcast {
namespace {

// A field that is never a room id: it keeps a node's hash in existence
// while the node has no viewers anywhere.
constexpr const char* kAlive = "-";

std::string nodeKey(const RedisDb& db, const std::string& node_id) { return db.key("node:" + node_id + ":viewers"); }

}  // namespace

RedisPresence::RedisPresence(RedisAddress address, std::string prefix, std::string node_id, OnRemote on_remote)
    : RedisWorker(std::move(address), std::move(prefix), "viewer counts", std::chrono::seconds(2)),
      node_id_(std::move(node_id)),
      on_remote_(std::move(on_remote)) {}

void RedisPresence::setLocal(const std::string& room_id, uint32_t viewers) {
  std::lock_guard lock(mutex_);
  local_[room_id] = viewers;
}

void RedisPresence::step(RedisDb& db) {
  Counts local;
  {
    std::lock_guard lock(mutex_);
    local = local_;
  }
  // The whole hash anew, with its expiry: a node that stops writing is gone
  // from the counts within kTtl.
  const std::string mine = nodeKey(db, node_id_);
  std::vector<std::string> hset{"HSET", mine, kAlive, "0"};
  for (const auto& [room, viewers] : local) {
    hset.push_back(room);
    hset.push_back(std::to_string(viewers));
  }
  db.command({"DEL", mine});
  db.command(hset);
  db.command({"PEXPIRE", mine, std::to_string(kTtl.count())});
  db.command({"SADD", db.key("nodes"), node_id_});

  Counts remote = readRemote(db);
  if (remote != last_remote_) {
    // Rooms that had remote viewers and have none now must hear it too.
    Counts report = remote;
    for (const auto& [room, viewers] : last_remote_) report.try_emplace(room, 0);
    on_remote_(std::move(report));
    last_remote_ = std::move(remote);
  }
  pause(kInterval);
}

RedisPresence::Counts RedisPresence::readRemote(RedisDb& db) {
  Counts remote;
  const RedisReply nodes = db.command({"SMEMBERS", db.key("nodes")});
  for (std::size_t n = 0; n < nodes->elements; ++n) {
    const std::string node(nodes->element[n]->str, nodes->element[n]->len);
    if (node == node_id_) continue;
    const RedisReply counts = db.command({"HGETALL", nodeKey(db, node)});
    if (counts->elements == 0) {
      db.command({"SREM", db.key("nodes"), node});  // its hash expired: the node is gone
      continue;
    }
    for (std::size_t i = 0; i + 1 < counts->elements; i += 2) {
      const std::string room(counts->element[i]->str, counts->element[i]->len);
      uint32_t viewers = 0;
      const redisReply* value = counts->element[i + 1];
      std::from_chars(value->str, value->str + value->len, viewers);
      if (room != kAlive && viewers > 0) remote[room] += viewers;
    }
  }
  return remote;
}

void RedisPresence::finish(RedisDb* db) {
  if (!db) return;  // Redis is gone too: the hash expires by itself
  try {
    db->command({"DEL", nodeKey(*db, node_id_)});
    db->command({"SREM", db->key("nodes"), node_id_});
  } catch (const std::exception&) {
    // likewise
  }
}

}  // namespace hallcast
