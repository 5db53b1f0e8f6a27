#pragma once
// The real-time core: takes each client's decoded requests, applies them to
// the rooms, makes room events durable in the EventLog, and fans them out to
// the sessions' send queues. Runs on the event-loop thread only; it never
// touches a socket (see Connection) or a file (see EventLog).

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/event_config.h"
#include "metrics/metrics.h"
#include "realtime/media_desk.h"
#include "realtime/session.h"
#include "rooms/blocked_words.h"
#include "rooms/presence.h"
#include "rooms/rejection.h"
#include "rooms/room.h"
#include "store/event_log.h"

namespace hallcast {

class Hub {
 public:
  // Largest batch of queued frames written as one WebSocket message.
  static constexpr std::size_t kMaxBatchBytes = 64 * 1024;
  // How often a room may announce its viewer count.
  static constexpr std::chrono::milliseconds kPresenceInterval{500};

  // `guest_secret` signs and checks the guests' resume tokens.
  Hub(const EventConfig& config, EventLog& log, Metrics& metrics, std::string guest_secret);

  // Loads each room's recent events from the log. Throws StoreError.
  void restore();

  Session& connect(Connection& connection);
  void disconnect(Session& session);

  // One complete WebSocket message from the client.
  void onBinaryMessage(Session& session, std::string_view bytes);
  void onTextMessage(Session& session);

  // Appends the next batch of the session's queued frames to `out` (one
  // WebSocket message); false when there is nothing to send.
  bool takeOutgoing(Session& session, std::string& out);

  // Periodic work: viewer-count announcements, Hello deadlines.
  void tick(std::chrono::steady_clock::time_point now);

  // Closes every connection with `code` (e.g. 1001 when the hub stops).
  void closeAll(uint16_t code, const std::string& reason);

  // The media side for technicians (none: a chat-only hub).
  void setMediaDesk(MediaDesk* desk) { media_desk_ = desk; }
  // Sends the latest health report and the alerts that changed to every
  // session watching health (build the report only when someone is).
  bool watchingHealth() const { return !health_watchers_.empty(); }
  void publishHealth(const v1::HealthReport& report, const std::vector<v1::Alert>& changes);

  // What chat (and other text people send) may not contain; the list of
  // the configuration until replaced (a reload, on SIGHUP).
  const BlockedWords& blockedWords() const { return blocked_words_; }
  void setBlockedWords(BlockedWords words) { blocked_words_ = std::move(words); }

  const EventConfig& config() const { return config_; }
  const Metrics& metrics() const { return metrics_; }
  const std::vector<std::unique_ptr<Room>>& rooms() const { return rooms_; }
  std::size_t sessionCount() const { return sessions_.size(); }

 private:
  struct Membership {
    Room* room;
    std::unordered_set<Session*> sessions;
  };

  void dispatch(Session& session, const v1::ClientMessage& message);
  void handleHello(Session& session, uint64_t request_id, const v1::Hello& hello);
  void handleJoin(Session& session, uint64_t request_id, const v1::JoinRoom& join);
  void handleLeave(Session& session, uint64_t request_id, const v1::LeaveRoom& leave);
  void handleChat(Session& session, uint64_t request_id, const v1::SendChat& chat);
  void handleWatchHealth(Session& session, uint64_t request_id, bool watch);
  void handleControlFeed(Session& session, uint64_t request_id, const v1::ControlFeed& control);
  // Fills the session's identity from a staff token; false after answering
  // the request with UNAUTHENTICATED.
  bool acceptToken(Session& session, uint64_t request_id, const std::string& token);
  // Fills the session's identity as a guest: a new one, or the one its
  // resume token names; false after answering the request with the reason.
  bool acceptGuest(Session& session, uint64_t request_id, const v1::Hello& hello);

  // Appends `event` to the log, then commits it to the room and sends it to
  // every member. False when the log refused it (nothing was sent).
  bool publish(Membership& room, v1::RoomEvent event);
  // The room, or nullptr after answering the request with NOT_FOUND.
  Membership* findRoom(Session& session, uint64_t request_id, std::string_view room_id);
  void removeFromRoom(Session& session, Membership& room);
  void leaveAllRooms(Session& session);

  // Closes a session from the hub's side: it gets nothing more and leaves its
  // rooms at the next detachClosing().
  void closeSession(Session& session, uint16_t code, const std::string& reason);
  void detachClosing();

  void send(Session& session, const Frame& frame);
  void sendAck(Session& session, uint64_t request_id, v1::Ack ack);
  void reject(Session& session, uint64_t request_id, const Rejection& rejection);
  bool takeRequestToken(Session& session, uint64_t request_id);

  const EventConfig& config_;
  EventLog& log_;
  Metrics& metrics_;
  const std::string guest_secret_;  // never logged
  BlockedWords blocked_words_;
  std::vector<std::unique_ptr<Room>> rooms_;  // in program order
  std::unordered_map<std::string, Membership> members_;
  std::unordered_map<Session*, std::unique_ptr<Session>> sessions_;
  std::vector<Session*> closing_;  // closed by the hub, still in their rooms
  std::unordered_set<Session*> ungreeted_;  // connected, no Hello yet
  std::chrono::steady_clock::time_point next_hello_check_{};
  PresenceCoalescer presence_{kPresenceInterval};
  MediaDesk* media_desk_ = nullptr;
  std::unordered_set<Session*> health_watchers_;
};

}  // namespace hallcast
