#pragma once
// A thread of its own with a Redis connection of its own, for the cluster's
// background work (following the room logs, viewer heartbeats): it runs
// step() again and again, makes the connection anew after a failure (with a
// pause, warning once per outage), and stops on request. Whatever a step
// learns goes to the hub only by posting to its loop.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/redis_url.h"

namespace hallcast {

class RedisDb;

class RedisWorker {
 public:
  RedisWorker(RedisAddress address, std::string prefix, std::string what, std::chrono::milliseconds timeout);
  virtual ~RedisWorker();
  RedisWorker(const RedisWorker&) = delete;
  RedisWorker& operator=(const RedisWorker&) = delete;

  void start();
  // Returns once the thread ended (after the step under way). Derived
  // classes call it in their destructor.
  void stop();

 protected:
  // One round of work; throws on failure.
  virtual void step(RedisDb& db) = 0;
  // After the last step (with the connection, when there is one).
  virtual void finish(RedisDb*) {}
  // Waits `duration`, or less when asked to stop; false then.
  bool pause(std::chrono::milliseconds duration);

 private:
  void run();

  RedisAddress address_;
  std::string prefix_;
  std::string what_;  // for the log: "following the room logs"
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace hallcast
