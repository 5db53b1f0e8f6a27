#include "realtime/send_queue.h"

namespace hallcast {

bool SendQueue::push(Frame frame) {
  if (bytes_ + frame->size() > max_bytes_) return false;
  bytes_ += frame->size();
  frames_.push_back(std::move(frame));
  return true;
}

std::size_t SendQueue::takeBatch(std::size_t max_batch_bytes, std::string& out) {
  std::size_t taken = 0;
  std::size_t batch = 0;
  while (head_ < frames_.size()) {
    Frame& next = frames_[head_];
    if (taken > 0 && batch + next->size() > max_batch_bytes) break;
    out += *next;
    batch += next->size();
    bytes_ -= next->size();
    next.reset();
    ++head_;
    ++taken;
  }
  if (head_ == frames_.size()) {
    frames_.clear();
    head_ = 0;
  } else if (head_ >= 64 && head_ * 2 >= frames_.size()) {
    // A client always a little behind never empties its queue.
    frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  return taken;
}

void SendQueue::clear() {
  frames_.clear();
  head_ = 0;
  bytes_ = 0;
}

}  // namespace hallcast
