#include "transport/ws_connection.h"

#include <libwebsockets.h>
#include <spdlog/spdlog.h>

#include <cstring>

#include "realtime/hub.h"
#include "transport/write_flusher.h"

namespace hallcast {

namespace {

// A closing connection that does not read our Close frame is dropped after this.
constexpr int kCloseTimeoutSeconds = 5;

// lws closes the connection soon, from its own timer; nothing is sent.
void killSoon(lws* wsi) { lws_set_timeout(wsi, PENDING_TIMEOUT_WS_PONG_CHECK_GET_PONG, LWS_TO_KILL_ASYNC); }

}  // namespace

void startWsClose(lws* wsi, uint16_t code, const std::string& reason) {
  lws_close_reason(wsi, static_cast<lws_close_status>(code),
                   reinterpret_cast<unsigned char*>(const_cast<char*>(reason.data())), reason.size());
  lws_set_timer_usecs(wsi, 0);
}

WsConnection::WsConnection(lws* wsi, Hub& hub, WriteFlusher& flusher, Clock::time_point now)
    : wsi_(wsi), hub_(hub), flusher_(flusher), session_(&hub.connect(*this)), last_heard_(now) {}

void WsConnection::wantWrite() {
  if (!writable_requested_) flusher_.add(*this);
}

void WsConnection::close(uint16_t code, const std::string& reason) {
  if (close_code_ != 0) return;
  close_code_ = code;
  close_reason_ = reason.substr(0, 123);  // a Close frame's payload is at most 125 bytes
  askWritable();
  // If the client is not reading, the Close frame never leaves: drop it then.
  lws_set_timeout(wsi_, PENDING_TIMEOUT_CLOSE_SEND, kCloseTimeoutSeconds);
}

void WsConnection::closed() {
  flusher_.forget(*this);
  hub_.disconnect(*session_);
}

void WsConnection::askWritable() {
  if (writable_requested_) return;
  writable_requested_ = true;
  lws_callback_on_writable(wsi_);
}

void WsConnection::flush() {
  // lws_write outside the writable callback is safe only while lws holds
  // nothing of an earlier write (it would assert in its debug build, which
  // Debian ships), and a ping or a close goes first.
  if (writable_requested_ || close_code_ != 0 || ping_due_ || lws_partial_buffered(wsi_)) {
    askWritable();
    return;
  }
  if (!writeQueued()) {
    killSoon(wsi_);
    return;
  }
  if (!session_->queue.empty()) askWritable();
}

int WsConnection::onWritable() {
  writable_requested_ = false;
  if (close_code_ != 0) {
    if (!close_started_) startWsClose(wsi_, close_code_, close_reason_);
    close_started_ = true;
    return 0;
  }
  if (ping_due_) {
    ping_due_ = false;
    ping_sent_ = true;
    // With a payload: lws 4.1 does not report an empty pong to us.
    unsigned char ping[LWS_PRE + 4] = {};
    std::memcpy(ping + LWS_PRE, "ping", 4);
    if (lws_write(wsi_, ping + LWS_PRE, 4, LWS_WRITE_PING) < 0) return -1;
    if (!session_->queue.empty()) askWritable();
    return 0;
  }
  if (!writeQueued()) return -1;
  if (!session_->queue.empty()) askWritable();
  return 0;
}

bool WsConnection::writeQueued() {
  std::string& tx = flusher_.scratch();  // LWS_PRE bytes of headroom, then the batch
  tx.assign(LWS_PRE, '\0');
  if (!hub_.takeOutgoing(*session_, tx)) return true;
  const std::size_t n = tx.size() - LWS_PRE;
  return lws_write(wsi_, reinterpret_cast<unsigned char*>(tx.data()) + LWS_PRE, n, LWS_WRITE_BINARY) >=
         static_cast<int>(n);
}

bool WsConnection::keepAlive(Clock::time_point now, Clock::duration ping_after, Clock::duration drop_after) {
  if (close_code_ != 0) return false;
  const Clock::duration silent = now - last_heard_;
  if (silent >= drop_after) {
    spdlog::info("session {}: silent for {} s, not even a pong: dropping it", session_->session_id,
                 std::chrono::duration_cast<std::chrono::seconds>(silent).count());
    killSoon(wsi_);
    return true;
  }
  if (silent >= ping_after && !ping_sent_ && !ping_due_) {
    ping_due_ = true;
    askWritable();
  }
  return false;
}

}  // namespace hallcast
