#pragma once
// The test's thread as the event loop: what a StoreWriter (or anything
// given post()) posts waits in a queue until the test runs it.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "threads/loop_queue.h"

namespace hallcast::test {

struct TestLoop {
  LoopQueue queue;
  std::mutex mutex;
  std::condition_variable posted;
  std::size_t pending = 0;

  std::function<void(std::function<void()>)> post() {
    return [this](std::function<void()> task) {
      queue.push(std::move(task));
      std::lock_guard lock(mutex);
      ++pending;
      posted.notify_all();
    };
  }
  // Runs what was posted, once `count` tasks were.
  void runAfter(std::size_t count) {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(posted.wait_for(lock, std::chrono::seconds(10), [&] { return pending >= count; }));
    pending -= count;
    lock.unlock();
    queue.drain();
  }
};

}  // namespace hallcast::test
