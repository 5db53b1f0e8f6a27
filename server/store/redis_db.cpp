#include "store/redis_db.h"

#include <spdlog/spdlog.h>
#include <sys/time.h>

#include <string_view>
#include <thread>

namespace hallcast {

RedisDb::RedisDb(RedisAddress address, std::string prefix, std::chrono::milliseconds timeout)
    : address_(std::move(address)), prefix_(std::move(prefix)), timeout_(timeout) {
  connect();
}

RedisDb::~RedisDb() {
  if (context_) redisFree(context_);
}

void RedisDb::connect() {
  if (context_) {
    redisFree(context_);
    context_ = nullptr;
  }
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout_.count() % 1000) * 1000);
  redisContext* c = redisConnectWithTimeout(address_.host.c_str(), address_.port, tv);
  if (!c || c->err) {
    const std::string why = c ? c->errstr : "out of memory";
    if (c) redisFree(c);
    throw StoreUnavailable("redis " + address_.display() + ": cannot connect: " + why);
  }
  // Commands may not hang the hub's loop longer than the timeout either.
  redisSetTimeout(c, tv);
  context_ = c;
  try {
    if (!address_.password.empty()) {
      if (address_.user.empty()) sendOrThrow({"AUTH", address_.password});
      else sendOrThrow({"AUTH", address_.user, address_.password});
    }
    if (address_.db != 0) sendOrThrow({"SELECT", std::to_string(address_.db)});
  } catch (const StoreError&) {
    if (context_) redisFree(context_);
    context_ = nullptr;
    throw;
  }
}

RedisReply RedisDb::send(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  RedisReply reply(static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (!reply) {
    last_error_ = context_->errstr;
    redisFree(context_);  // the connection's state is unknown: start over
    context_ = nullptr;
    return nullptr;
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    throw StoreError("redis " + address_.display() + ": " + args.front() + ": " +
                     std::string(reply->str, reply->len));
  }
  return reply;
}

RedisReply RedisDb::sendOrThrow(const std::vector<std::string>& args) {
  RedisReply reply = send(args);
  if (!reply) throw StoreUnavailable("redis " + address_.display() + ": " + args.front() + ": " + last_error_);
  return reply;
}

RedisReply RedisDb::command(const std::vector<std::string>& args) {
  // A connection lost after the command went out leaves its outcome open:
  // it may have run. Every command given here is safe to repeat, so sending
  // it again settles that — and it must be settled, or the hub would refuse
  // a chat message Redis in fact stored: until the timeout, such a command
  // is sent again while a restarting Redis refuses connections. A Redis that
  // cannot be reached before anything was sent fails at once (the command
  // did not run), so an outage does not stall the hub's loop on every
  // request. While Redis reads its append-only file after a restart it
  // answers LOADING: waited out too, up to the timeout.
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  bool maybe_ran = false;
  for (;;) {
    try {
      if (!context_) connect();
      if (RedisReply reply = send(args)) return reply;
      maybe_ran = true;
      spdlog::warn("redis {}: {}: {}; connecting again", address_.display(), args.front(), last_error_);
      if (std::chrono::steady_clock::now() > deadline) {
        throw StoreUnavailable("redis " + address_.display() + ": " + args.front() + ": " + last_error_);
      }
      continue;
    } catch (const StoreError& e) {
      const bool loading = std::string_view(e.what()).find(": LOADING ") != std::string_view::npos;
      const bool unsettled = maybe_ran && context_ == nullptr;
      if (!(loading || unsettled) || std::chrono::steady_clock::now() > deadline) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace hallcast
