#pragma once
// A connection's outgoing frames, bounded in bytes so that a client that stops
// reading cannot make the hub's memory grow without bound.

#include <cstddef>
#include <deque>
#include <string>

#include "common/frame.h"

namespace hallcast {

class SendQueue {
 public:
  explicit SendQueue(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // Queues `frame`; false (and not queued) when that would pass the bound.
  bool push(Frame frame);

  bool empty() const { return frames_.empty(); }
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return frames_.size(); }

  // Moves queued frames into `out` (appending), oldest first: at least one,
  // then more while the total stays within `max_batch_bytes`. The frames are
  // encoded ServerMessages, and concatenated ServerMessages parse as one with
  // all their events, so `out` is one valid message. Returns the frame count.
  std::size_t takeBatch(std::size_t max_batch_bytes, std::string& out);

  void clear();

 private:
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::deque<Frame> frames_;
};

}  // namespace hallcast
