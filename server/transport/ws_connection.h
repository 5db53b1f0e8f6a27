#pragma once
// One WebSocket client as the transport sees it: what it has received so far,
// how its queued frames leave, how it is kept alive and how it closes. Loop
// thread only.
//
// Writes: the hub queues frames on the session and calls wantWrite(). The
// connection then joins the WriteFlusher's list and, once the loop has
// handled the turn's input, its queued frames leave in one lws_write — every
// event of the turn in one frame, without asking lws for a writable callback
// (each ask is two epoll_ctl calls). Only when lws still holds part of an
// earlier write, or when a ping or a close is due, is the writable callback
// used; it also takes what a 64 KiB batch left behind.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "realtime/connection.h"

struct lws;

namespace hallcast {

class Hub;
class WriteFlusher;
struct Session;

// Starts the closing handshake (RFC 6455 §7.1.2) with `code` and `reason`:
// the protocol's callback returns -1 from the LWS_CALLBACK_TIMER this
// schedules. Not by returning -1 at once: Debian's lws 4.1 is a debug build,
// and on libuv its debug-only "uv repeat test" closes a connection a second
// time right after a callback asked for it, killing it before the Close
// frame is sent (clients saw 1006). A timer's close is the regular one: it
// sends the frame and waits for the client's.
void startWsClose(lws* wsi, uint16_t code, const std::string& reason);

class WsConnection final : public Connection {
 public:
  using Clock = std::chrono::steady_clock;

  WsConnection(lws* wsi, Hub& hub, WriteFlusher& flusher, Clock::time_point now);

  void wantWrite() override;
  void close(uint16_t code, const std::string& reason) override;

  // The WriteFlusher's turn: write the queued frames now (or hand over to the
  // writable callback when that is not safe).
  void flush();
  // LWS_CALLBACK_SERVER_WRITEABLE. Returns what the callback returns.
  int onWritable();
  // A frame or a pong arrived: the client is alive.
  void heard(Clock::time_point now) {
    last_heard_ = now;
    ping_sent_ = false;
  }
  // Once a second: ping a client silent for `ping_after`; drop one silent for
  // `drop_after` (its pong never came: the link is dead). True when dropped.
  bool keepAlive(Clock::time_point now, Clock::duration ping_after, Clock::duration drop_after);
  // lws is closing the socket: nothing more may be written.
  void closed();

  lws* wsi() const { return wsi_; }
  Session& session() { return *session_; }
  bool closing() const { return close_code_ != 0; }

  // The message being received, across fragments.
  std::string rx;
  bool rx_in_message = false;
  bool rx_binary = false;

  // The WriteFlusher's bookkeeping: this connection's place in its list.
  static constexpr std::size_t kNotListed = static_cast<std::size_t>(-1);
  std::size_t flush_slot = kNotListed;

 private:
  // One lws_write of the queued frames; false when the socket failed.
  bool writeQueued();
  void askWritable();

  lws* wsi_;
  Hub& hub_;
  WriteFlusher& flusher_;
  Session* session_;
  bool writable_requested_ = false;
  Clock::time_point last_heard_;
  bool ping_due_ = false;
  bool ping_sent_ = false;
  uint16_t close_code_ = 0;
  std::string close_reason_;
  bool close_started_ = false;  // the Close frame is on its way
};

}  // namespace hallcast
