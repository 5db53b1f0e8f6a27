#include "store/redis_feed_leases.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdint>

#include "store/redis_db.h"

namespace hallcast {
namespace {

// KEYS[1]: the live ingesting nodes (a sorted set scored by their last
// round, Redis's own clock); KEYS[2]: the health hash (lease key ->
// serialized report); KEYS[3]: the nodes' URLs (node id -> URL);
// KEYS[4..]: one lease per room.
// ARGV[1]: node id; ARGV[2]: lease value; ARGV[3]: TTL in ms; ARGV[4]: '1'
// when this node ingests; ARGV[5]: its URL; then for each room its mode
// ('keep': renew only, 'prefer': take when free and preferred, 'take':
// take when free, 'release': give up) and the health to publish ('' for
// none). Returns, for each room, its holder's lease value and its health
// ('' for none); then the URLs of the live ingesting nodes.
constexpr const char* kLeaseScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
local first_room = 4
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[5])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
local live = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for i = first_room, #KEYS do
  local mode = ARGV[6 + (i - first_room) * 2]
  local health = ARGV[7 + (i - first_room) * 2]
  local holder = redis.call('GET', KEYS[i])
  if holder == ARGV[2] then
    if mode == 'release' then
      redis.call('DEL', KEYS[i])
      redis.call('HDEL', KEYS[2], KEYS[i])
      holder = false
    else
      redis.call('PEXPIRE', KEYS[i], ttl)
    end
  elseif not holder and (mode == 'prefer' or mode == 'take') then
    local take = mode == 'take'
    if not take then
      local best, best_node = nil, nil
      for _, node in ipairs(live) do
        local h = redis.sha1hex(node .. ' ' .. KEYS[i])
        if best == nil or h > best then best, best_node = h, node end
      end
      take = best_node == ARGV[1]
    end
    if take then
      redis.call('SET', KEYS[i], ARGV[2], 'PX', ttl)
      redis.call('HDEL', KEYS[2], KEYS[i])  -- the last holder's
      holder = ARGV[2]
    end
  end
  if holder == ARGV[2] and health ~= '' then redis.call('HSET', KEYS[2], KEYS[i], health) end
  out[#out + 1] = holder or ''
  out[#out + 1] = (holder and redis.call('HGET', KEYS[2], KEYS[i])) or ''
end
if ARGV[4] == '1' and #KEYS >= first_room and ARGV[6] == 'release' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
end
for _, node in ipairs(live) do out[#out + 1] = redis.call('HGET', KEYS[3], node) or '' end
return out
)lua";

std::string leaseKey(const RedisDb& db, const std::string& room_id) { return db.key("room:" + room_id + ":feed-lease"); }
std::string controlKey(const RedisDb& db, const std::string& node_id) { return db.key("node:" + node_id + ":feed-control"); }

std::string text(const redisReply* r) { return r && r->str ? std::string(r->str, r->len) : std::string(); }

}  // namespace

RedisFeedLeases::RedisFeedLeases(RedisAddress address, std::string prefix, FeedOwner self,
                                 std::vector<std::string> rooms, bool ingest, OnRound on_round, OnControl on_control)
    : RedisWorker(std::move(address), std::move(prefix), "feed leases", kInterval * 3),
      self_(std::move(self)),
      lease_value_(self_.node_id + " " + self_.url),
      rooms_(std::move(rooms)),
      ingest_(ingest),
      on_round_(std::move(on_round)),
      on_control_(std::move(on_control)),
      started_(std::chrono::steady_clock::now()) {}

void RedisFeedLeases::setLocalHealth(std::map<std::string, std::string> health) {
  std::lock_guard lock(mutex_);
  local_health_ = std::move(health);
}

RedisFeedLeases::Round RedisFeedLeases::renew(RedisDb& db, bool release) {
  std::map<std::string, std::string> health;
  {
    std::lock_guard lock(mutex_);
    health = local_health_;
  }
  const bool waiting = std::chrono::steady_clock::now() - started_ < kStartupGrace;
  std::vector<std::string> args{"EVAL",           kLeaseScript,          std::to_string(rooms_.size() + 3),
                                db.key("ingesters"), db.key("feed-health"), db.key("node-urls")};
  for (const std::string& room : rooms_) args.push_back(leaseKey(db, room));
  args.insert(args.end(),
              {self_.node_id, lease_value_, std::to_string(kTtl.count()), ingest_ ? "1" : "0", self_.url});
  for (const std::string& room : rooms_) {
    const char* mode = "keep";
    const int free_rounds = free_rounds_[room];
    if (release) {
      mode = "release";
    } else if (!ingest_) {
      mode = "keep";
    } else if (held_.contains(room)) {
      mode = "take";  // its key was lost (Redis restarted): this node's still
    } else if (!waiting && free_rounds >= kFreeRounds) {
      mode = "take";
    } else if (!waiting && free_rounds >= 1) {
      mode = "prefer";  // free for a round: its last holder did not take it back
    }
    args.emplace_back(mode);
    const auto h = health.find(room);
    args.push_back(h == health.end() ? std::string() : h->second);
  }
  const RedisReply reply = db.command(args);
  Round round;
  held_.clear();
  for (std::size_t i = 0; i < rooms_.size() && 2 * i + 1 < reply->elements; ++i) {
    const std::string holder = text(reply->element[2 * i]);
    const auto space = holder.find(' ');
    if (holder.empty() || space == std::string::npos) {
      // Counted from the end of the startup grace: a node's first rounds
      // leave the free leases to the nodes they prefer.
      if (!waiting) ++free_rounds_[rooms_[i]];
      continue;
    }
    free_rounds_[rooms_[i]] = 0;
    if (holder == lease_value_) held_.insert(rooms_[i]);
    round.owners[rooms_[i]] = FeedOwner{holder.substr(0, space), holder.substr(space + 1)};
    std::string room_health = text(reply->element[2 * i + 1]);
    if (!room_health.empty()) round.health[rooms_[i]] = std::move(room_health);
  }
  for (std::size_t i = 2 * rooms_.size(); i < reply->elements; ++i) {
    if (std::string url = text(reply->element[i]); !url.empty()) round.node_urls.push_back(std::move(url));
  }
  return round;
}

void RedisFeedLeases::step(RedisDb& db) {
  const auto next = std::chrono::steady_clock::now() + kInterval;
  on_round_(renew(db, false));
  if (ingest_) {
    serveControls(db, next);
  } else {
    pause(std::chrono::duration_cast<std::chrono::milliseconds>(next - std::chrono::steady_clock::now()));
  }
}

void RedisFeedLeases::serveControls(RedisDb& db, std::chrono::steady_clock::time_point until) {
  const std::string key = controlKey(db, self_.node_id);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() < 10 || !pause(std::chrono::milliseconds(0))) return;
    // BLPOP takes its timeout in seconds, with decimals (Redis 6+).
    const RedisReply popped = db.command({"BLPOP", key, std::to_string(left.count() / 1000.0)});
    if (popped->type != REDIS_REPLY_ARRAY || popped->elements != 2) continue;  // timed out
    const std::string command = text(popped->element[1]);
    const auto space = command.rfind(' ');
    int action = 0;
    if (space == std::string::npos ||
        std::from_chars(command.data() + space + 1, command.data() + command.size(), action).ec != std::errc()) {
      spdlog::warn("cluster: a forwarded feed command \"{}\" is not \"ROOM ACTION\"; ignored", command);
      continue;
    }
    on_control_(command.substr(0, space), action);
  }
}

void RedisFeedLeases::finish(RedisDb* db) {
  if (!db) return;  // Redis is gone: the leases expire by themselves
  try {
    renew(*db, true);
  } catch (const std::exception&) {
    // likewise
  }
}

void forwardFeedControl(RedisDb& db, const std::string& node_id, const std::string& room_id, int action) {
  const std::string key = controlKey(db, node_id);
  db.command({"RPUSH", key, room_id + " " + std::to_string(action)});
  // A command nobody pops (its node died meanwhile) is dropped soon.
  db.command({"PEXPIRE", key, std::to_string((RedisFeedLeases::kTtl * 2).count())});
}

}  // namespace hallcast
