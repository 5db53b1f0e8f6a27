#include "realtime/outbox.h"

#include <spdlog/spdlog.h>

#include "realtime/codec.h"

namespace hallcast {

void Outbox::send(Session& session, const Frame& frame) {
  if (session.closing) return;
  if (!session.queue.push(frame)) {
    // The client stopped reading. Drop what it has queued and close it, rather
    // than let its queue grow or hold back the others.
    ++metrics_.slow_consumer_disconnects;
    spdlog::info("session {}: send queue over {} bytes, closing", session.session_id, limits_.send_queue_bytes);
    sessions_.close(session, kClosePolicyViolation, "send queue overflow: the client is not reading");
    return;
  }
  ++metrics_.ws_events_sent;
  session.connection.wantWrite();
}

void Outbox::ack(Session& session, uint64_t request_id, v1::Ack ack) {
  ack.set_request_id(request_id);
  v1::ServerEvent event;
  *event.mutable_ack() = std::move(ack);
  send(session, encodeEvent(std::move(event)));
}

void Outbox::reject(Session& session, uint64_t request_id, const Rejection& rejection) {
  ++metrics_.errors_sent[static_cast<std::size_t>(rejection.code)];
  send(session, encodeError(request_id, rejection));
}

void Outbox::applied(Session& session, uint64_t request_id, const std::string& room_id, uint64_t seq) {
  v1::Ack a;
  a.mutable_applied()->set_room_id(room_id);
  a.mutable_applied()->set_seq(seq);
  ack(session, request_id, std::move(a));
}

bool Outbox::take(Session& session, std::string& out) {
  if (session.queue.empty()) return false;
  const std::size_t before = out.size();
  session.queue.takeBatch(kMaxBatchBytes, out);
  ++metrics_.ws_frames_sent;
  metrics_.ws_bytes_sent += out.size() - before;
  return true;
}

}  // namespace hallcast
