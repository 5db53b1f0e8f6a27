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
  while (!frames_.empty()) {
    const Frame& next = frames_.front();
    if (taken > 0 && batch + next->size() > max_batch_bytes) break;
    out += *next;
    batch += next->size();
    bytes_ -= next->size();
    frames_.pop_front();
    ++taken;
  }
  return taken;
}

void SendQueue::clear() {
  frames_.clear();
  bytes_ = 0;
}

}  // namespace hallcast
