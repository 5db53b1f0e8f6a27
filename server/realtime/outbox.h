#pragma once
// What the hub sends a session: events, acknowledgements and refusals go
// into its send queue, and the transport takes them out in batches. A
// session that stops reading is closed rather than let its queue grow.

#include <cstdint>
#include <string>

#include "common/frame.h"
#include "config/event_config.h"
#include "hallcast/v1/realtime.pb.h"
#include "metrics/metrics.h"
#include "realtime/session_registry.h"
#include "rooms/rejection.h"

namespace hallcast {

class Outbox {
 public:
  // Largest batch of queued frames written as one WebSocket message.
  static constexpr std::size_t kMaxBatchBytes = 64 * 1024;

  Outbox(SessionRegistry& sessions, Metrics& metrics, const Limits& limits)
      : sessions_(sessions), metrics_(metrics), limits_(limits) {}

  void send(Session& session, const Frame& frame);
  void ack(Session& session, uint64_t request_id, v1::Ack ack);
  void reject(Session& session, uint64_t request_id, const Rejection& rejection);
  // Answers with Applied{room_id, seq}.
  void applied(Session& session, uint64_t request_id, const std::string& room_id, uint64_t seq);

  // Appends the next batch of the session's queued frames to `out` (one
  // WebSocket message); false when there is nothing to send.
  bool take(Session& session, std::string& out);

 private:
  SessionRegistry& sessions_;
  Metrics& metrics_;
  const Limits& limits_;
};

}  // namespace hallcast
