#pragma once
// The parts of the real-time core that request handlers share (see Hub,
// which owns them), and a request as a handler sees it: the session that
// sent it, its id, and the answers it may give — now, or later through a
// Reply once the store has answered.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/clock.h"
#include "config/event_config.h"
#include "metrics/metrics.h"
#include "realtime/outbox.h"
#include "realtime/room_directory.h"
#include "realtime/room_publisher.h"
#include "realtime/session_registry.h"
#include "rooms/blocked_words.h"
#include "rooms/rejection.h"
#include "rooms/sanctions.h"

namespace hallcast {

struct HubContext {
  const EventConfig& config;
  const Clock& clock;
  Metrics& metrics;
  SessionRegistry& sessions;
  Outbox& outbox;
  RoomDirectory& rooms;
  RoomPublisher& publisher;
  Sanctions& sanctions;
  const BlockedWords& blocked_words;

  // The sessions closed meanwhile leave their rooms. Done after a fan-out
  // rather than inside it, which iterates the very sets this changes.
  void detachClosing() {
    for (Session* session : sessions.takeClosing()) rooms.leaveAll(*session);
  }
};

// The answer to a request, given after the store answered: to its session,
// when it is still there.
class Reply {
 public:
  Reply(HubContext& hub, const Session& session, uint64_t request_id)
      : hub_(&hub), ref_(hub.sessions.ref(session)), request_id_(request_id) {}

  // nullptr: the session went away (or is closing) meanwhile.
  Session* session() const { return hub_->sessions.live(ref_); }
  void ack(v1::Ack ack) const;
  void reject(const Rejection& rejection) const;
  void applied(const std::string& room_id, uint64_t seq) const;
  // True, after answering the refusal, when `published` was not stored.
  bool refused(const RoomPublisher::Published& published, const std::string& what,
               const std::string& consequence) const;

 private:
  HubContext* hub_;
  SessionRef ref_;
  uint64_t request_id_;
};

class Request {
 public:
  Request(HubContext& hub, Session& session, uint64_t id) : hub(hub), session(session), id(id) {}

  HubContext& hub;
  Session& session;
  const uint64_t id;

  void ack(v1::Ack ack) { hub.outbox.ack(session, id, std::move(ack)); }
  void reject(const Rejection& rejection) { hub.outbox.reject(session, id, rejection); }
  // True, after answering it, when there is a refusal.
  bool refused(const std::optional<Rejection>& refusal) {
    if (refusal) reject(*refusal);
    return refusal.has_value();
  }
  // The checked value, or nullptr after answering with its refusal.
  template <typename T>
  T* accepted(Checked<T>& checked) {
    if (auto* rejection = std::get_if<Rejection>(&checked)) {
      reject(*rejection);
      return nullptr;
    }
    return &std::get<T>(checked);
  }
  Reply later() const { return Reply(hub, session, id); }

  // The room, or nullptr after answering NOT_FOUND.
  Membership* room(std::string_view room_id);
  // The room the session joined, or nullptr after answering NOT_FOUND or
  // FAILED_PRECONDITION ("join first", `what` says for what).
  Membership* joinedRoom(std::string_view room_id, const char* what);
  // The room, when the session may moderate it; or nullptr after answering.
  Membership* moderatedRoom(std::string_view room_id);
  // Refuses (and answers) when the session is muted in the room.
  bool refuseIfMuted(const Room& room, int64_t now_ms);

  // Publishes `event` and answers Applied; or the refusal ("`what` could
  // not be stored; nothing changed").
  void publishAndAnswer(Room& room, v1::RoomEvent event, const char* what);
};

}  // namespace hallcast
