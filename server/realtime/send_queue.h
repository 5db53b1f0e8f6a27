#pragma once
// A connection's outgoing frames, bounded in bytes so that a client that stops
// reading cannot make the hub's memory grow without bound.

#include <cstddef>
#include <string>
#include <vector>

#include "common/frame.h"

namespace hallcast {

class SendQueue {
 public:
  explicit SendQueue(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // Queues `frame`; false (and not queued) when that would pass the bound.
  bool push(Frame frame);

  bool empty() const { return head_ == frames_.size(); }
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return frames_.size() - head_; }

  // Moves queued frames into `out` (appending), oldest first: at least one,
  // then more while the total stays within `max_batch_bytes`. The frames are
  // encoded ServerMessages, and concatenated ServerMessages parse as one with
  // all their events, so `out` is one valid message. Returns the frame count.
  std::size_t takeBatch(std::size_t max_batch_bytes, std::string& out);

  void clear();

 private:
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  // Taken frames are before head_. A vector rather than a deque: libstdc++'s
  // deque allocates a 512-byte block at construction, which every idle
  // connection would hold (bench/run idle).
  std::vector<Frame> frames_;
  std::size_t head_ = 0;
};

}  // namespace hallcast
