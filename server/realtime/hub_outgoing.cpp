#include "realtime/hub.h"

#include <spdlog/spdlog.h>

#include "realtime/codec.h"

// What the hub sends a session: events, acknowledgements and refusals into
// its send queue, and the batches the transport writes out of it.

namespace hallcast {

void Hub::send(Session& session, const Frame& frame) {
  if (session.closing) return;
  if (!session.queue.push(frame)) {
    // The client stopped reading. Drop what it has queued and close it, rather
    // than let its queue grow or hold back the others.
    ++metrics_.slow_consumer_disconnects;
    spdlog::info("session {}: send queue over {} bytes, closing", session.session_id,
                 config_.limits.send_queue_bytes);
    closeSession(session, kClosePolicyViolation, "send queue overflow: the client is not reading");
    return;
  }
  ++metrics_.ws_events_sent;
  session.connection.wantWrite();
}

void Hub::sendAck(Session& session, uint64_t request_id, v1::Ack ack) {
  ack.set_request_id(request_id);
  v1::ServerEvent event;
  *event.mutable_ack() = std::move(ack);
  send(session, encodeEvent(std::move(event)));
}

void Hub::reject(Session& session, uint64_t request_id, const Rejection& rejection) {
  ++metrics_.errors_sent[static_cast<std::size_t>(rejection.code)];
  send(session, encodeError(request_id, rejection));
}

bool Hub::takeOutgoing(Session& session, std::string& out) {
  if (session.queue.empty()) return false;
  const std::size_t before = out.size();
  session.queue.takeBatch(kMaxBatchBytes, out);
  ++metrics_.ws_frames_sent;
  metrics_.ws_bytes_sent += out.size() - before;
  return true;
}

void Hub::sendApplied(Session& session, uint64_t request_id, const std::string& room_id, uint64_t seq) {
  v1::Ack ack;
  ack.mutable_applied()->set_room_id(room_id);
  ack.mutable_applied()->set_seq(seq);
  sendAck(session, request_id, std::move(ack));
}

}  // namespace hallcast
