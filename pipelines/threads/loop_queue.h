#pragma once
// Hands work from other threads to the thread that owns a loop: to the
// event loop, which alone owns sockets and room state (from the media
// thread, the Redis workers); to the media thread, which alone owns the
// pipelines (from the event loop). Here, in the lowest library both link.
// Its std::mutex is what ThreadSanitizer sees order the two threads.

#include <functional>
#include <mutex>
#include <vector>

namespace hallcast {

class LoopQueue {
 public:
  using Task = std::function<void()>;

  // Any thread: queue `task` for the loop thread. The caller wakes the loop.
  void push(Task task) {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }

  // Loop thread: run everything queued so far.
  void drain() {
    std::vector<Task> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(tasks_);
    }
    for (Task& task : batch) task();
  }

 private:
  std::mutex mutex_;
  std::vector<Task> tasks_;
};

}  // namespace hallcast
