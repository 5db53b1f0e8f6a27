#pragma once
// Hands work from other threads (GStreamer's streaming threads, signal
// handlers) to the event-loop thread, which alone owns sockets and room state.

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
