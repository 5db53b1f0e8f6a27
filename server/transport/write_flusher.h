#pragma once
// The connections with frames to write, flushed once per loop turn: in
// libuv's check phase (after the turn's input was handled) and its prepare
// phase (after its timers ran, before the loop waits). Events published in a
// turn thus leave together, one write per connection, however many there
// were. With an interval, flushes are at least that far apart (a timer
// brings the next one): the events of the interval share each write. Loop
// thread only.

#include <chrono>
#include <string>
#include <vector>

struct uv_loop_s;
struct uv_prepare_s;
struct uv_check_s;
struct uv_timer_s;

namespace hallcast {

class WsConnection;

class WriteFlusher {
 public:
  WriteFlusher(uv_loop_s* loop, std::chrono::milliseconds interval);
  ~WriteFlusher();
  WriteFlusher(const WriteFlusher&) = delete;
  WriteFlusher& operator=(const WriteFlusher&) = delete;

  // Writes `connection` at the end of this turn (once, however often asked).
  void add(WsConnection& connection);
  // `connection` is going away: do not touch it.
  void forget(WsConnection& connection);
  // Starts closing the handles; the loop must run for them to close.
  void close();
  // One buffer for every connection's outgoing batch (loop thread only: lws
  // copies what a socket does not take at once), rather than one each that
  // keeps the capacity of its largest batch.
  std::string& scratch() { return scratch_; }

 private:
  // The loop's turn (check, prepare): flush now, or arm the timer.
  void onTurn();
  void flush();

  std::vector<WsConnection*> listed_;
  std::vector<WsConnection*> flushing_;
  std::string scratch_;
  uv_prepare_s* prepare_ = nullptr;
  uv_check_s* check_ = nullptr;
  uv_timer_s* timer_ = nullptr;
  std::chrono::milliseconds interval_;
  uint64_t last_flush_ms_ = 0;  // libuv's loop time
  bool timer_armed_ = false;
};

}  // namespace hallcast
