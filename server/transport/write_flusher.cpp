#include "transport/write_flusher.h"

#include <uv.h>

#include "transport/ws_connection.h"

namespace hallcast {

WriteFlusher::WriteFlusher(uv_loop_t* loop, std::chrono::milliseconds interval)
    : prepare_(new uv_prepare_t), check_(new uv_check_t), timer_(new uv_timer_t), interval_(interval) {
  uv_prepare_init(loop, prepare_);
  uv_check_init(loop, check_);
  uv_timer_init(loop, timer_);
  prepare_->data = this;
  check_->data = this;
  timer_->data = this;
  uv_prepare_start(prepare_, [](uv_prepare_t* h) { static_cast<WriteFlusher*>(h->data)->onTurn(); });
  uv_check_start(check_, [](uv_check_t* h) { static_cast<WriteFlusher*>(h->data)->onTurn(); });
  // None keeps the loop alive on its own.
  uv_unref(reinterpret_cast<uv_handle_t*>(prepare_));
  uv_unref(reinterpret_cast<uv_handle_t*>(check_));
  uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
}

WriteFlusher::~WriteFlusher() { close(); }

void WriteFlusher::close() {
  if (prepare_) {
    uv_close(reinterpret_cast<uv_handle_t*>(prepare_), [](uv_handle_t* h) { delete reinterpret_cast<uv_prepare_t*>(h); });
    uv_close(reinterpret_cast<uv_handle_t*>(check_), [](uv_handle_t* h) { delete reinterpret_cast<uv_check_t*>(h); });
    uv_close(reinterpret_cast<uv_handle_t*>(timer_), [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    prepare_ = nullptr;
    check_ = nullptr;
    timer_ = nullptr;
  }
}

void WriteFlusher::add(WsConnection& connection) {
  if (connection.flush_slot != WsConnection::kNotListed) return;
  connection.flush_slot = listed_.size();
  listed_.push_back(&connection);
}

void WriteFlusher::forget(WsConnection& connection) {
  const std::size_t slot = connection.flush_slot;
  if (slot == WsConnection::kNotListed) return;
  // During a flush the slot may be in the list being flushed (not reached
  // yet) or, listed again, in the next one.
  for (auto* list : {&listed_, &flushing_}) {
    if (slot < list->size() && (*list)[slot] == &connection) (*list)[slot] = nullptr;
  }
  connection.flush_slot = WsConnection::kNotListed;
}

void WriteFlusher::onTurn() {
  if (listed_.empty() || timer_armed_) return;
  const uint64_t now = uv_now(prepare_->loop);
  const auto interval = static_cast<uint64_t>(interval_.count());
  if (now - last_flush_ms_ >= interval) {
    flush();
    return;
  }
  timer_armed_ = true;
  uv_timer_start(timer_, [](uv_timer_t* h) {
    auto* self = static_cast<WriteFlusher*>(h->data);
    self->timer_armed_ = false;
    self->flush();
  }, last_flush_ms_ + interval - now, 0);
}

void WriteFlusher::flush() {
  last_flush_ms_ = uv_now(prepare_->loop);
  if (listed_.empty()) return;
  // A connection may be listed again while the list is flushed (a write
  // that fails closes it, and closing queues): it waits for the next turn.
  flushing_.swap(listed_);
  for (WsConnection* connection : flushing_) {
    if (!connection) continue;
    connection->flush_slot = WsConnection::kNotListed;
    connection->flush();
  }
  flushing_.clear();
}

}  // namespace hallcast
