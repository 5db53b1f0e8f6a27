#pragma once
// One connection to the cluster's Redis (hiredis, synchronous), shared by
// the Redis event log and vote store like SqliteDb is by theirs. A command
// that fails on the network drops the connection; the next command connects
// again, so a restarted Redis is picked up without restarting the hub.
// Used from one thread (the hub's loop).

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/redis_url.h"
#include "store/event_log.h"

namespace hallcast {

struct RedisReplyFree {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyFree>;

class RedisDb {
 public:
  // `prefix` namespaces every key ("hallcast:<event id>:"). Connects now;
  // throws StoreError when Redis cannot be reached or refuses the login.
  RedisDb(RedisAddress address, std::string prefix, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~RedisDb();
  RedisDb(const RedisDb&) = delete;
  RedisDb& operator=(const RedisDb&) = delete;

  // Runs one command (binary-safe arguments). A connection found broken
  // (Redis restarted, a network blip) is made again and the command sent
  // again, until the timeout, so every command given here must be safe to
  // repeat: the stores' are (reads, HSET, HDEL, and an append that
  // recognises its own events). Throws StoreError when Redis stays out of
  // reach that long, or on an error reply (whose text it carries).
  RedisReply command(const std::vector<std::string>& args);

  // The key for `name` under this event's prefix.
  std::string key(const std::string& name) const { return prefix_ + name; }

  const RedisAddress& address() const { return address_; }

 private:
  void connect();
  // Null when the connection failed (it is closed then); throws on an error reply.
  RedisReply send(const std::vector<std::string>& args);
  RedisReply sendOrThrow(const std::vector<std::string>& args);

  RedisAddress address_;
  std::string prefix_;
  std::chrono::milliseconds timeout_;
  redisContext* context_ = nullptr;
  std::string last_error_;  // of the last failed connection
};

}  // namespace hallcast
