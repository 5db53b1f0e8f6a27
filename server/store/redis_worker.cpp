#include "store/redis_worker.h"

#include <spdlog/spdlog.h>

#include "store/redis_db.h"

namespace hallcast {
namespace {

constexpr std::chrono::milliseconds kRetry{500};

}  // namespace

RedisWorker::RedisWorker(RedisAddress address, std::string prefix, std::string what, std::chrono::milliseconds timeout)
    : address_(std::move(address)), prefix_(std::move(prefix)), what_(std::move(what)), timeout_(timeout) {}

RedisWorker::~RedisWorker() = default;

void RedisWorker::start() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void RedisWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool RedisWorker::pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, duration, [this] { return stopping_; });
}

void RedisWorker::run() {
  std::unique_ptr<RedisDb> db;
  bool warned = false;
  while (pause(std::chrono::milliseconds(0))) {
    try {
      if (!db) db = std::make_unique<RedisDb>(address_, prefix_, timeout_);
      step(*db);
      warned = false;
    } catch (const std::exception& e) {
      if (!warned) spdlog::warn("cluster: {}: {}; retrying", what_, e.what());
      warned = true;
      db.reset();
      pause(kRetry);
    }
  }
  finish(db.get());
}

}  // namespace hallcast
