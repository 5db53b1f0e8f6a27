#pragma once
// The real-time core, as the transport and the app see it: a registry of
// its parts and a dispatcher. Each client request is decoded, rate-limited
// and handed to the handler of its concern (greeting, rooms, chat, Q&A,
// polls, moderation, sanctions, health); what they store goes through the
// RoomPublisher, what is stored comes back here to be committed and fanned
// out. Runs on the event-loop thread only; it never touches a socket (see
// Connection) or the store (see RoomPublisher and StoreWriter).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "config/event_config.h"
#include "metrics/metrics.h"
#include "realtime/chat_handler.h"
#include "realtime/greeter.h"
#include "realtime/health_handler.h"
#include "realtime/hub_context.h"
#include "realtime/media_desk.h"
#include "realtime/moderation_handler.h"
#include "realtime/outbox.h"
#include "realtime/poll_handler.h"
#include "realtime/question_handler.h"
#include "realtime/room_directory.h"
#include "realtime/room_handler.h"
#include "realtime/room_publisher.h"
#include "realtime/sanction_handler.h"
#include "realtime/session_registry.h"
#include "rooms/blocked_words.h"
#include "rooms/sanctions.h"
#include "store/event_log.h"
#include "store/store_health.h"
#include "store/vote_store.h"

namespace hallcast {

class Hub : private RoomPublisher::Sink {
 public:
  // config.access.secret signs and checks staff tokens and the guests'
  // resume tokens; it must not be empty (std::invalid_argument).
  Hub(const EventConfig& config, EventLog& log, VoteStore& votes, Metrics& metrics,
      const Clock& clock = SystemClock::instance());

  // Rebuilds each room from its whole history in the log, its votes and the
  // sanctions. Throws StoreError.
  void restore();

  // The store is written on a thread of its own from now on (see
  // RoomPublisher::writeOffTheLoop), and that thread ended.
  void writeOffTheLoop(StoreWriter::Post post) { publisher_.writeOffTheLoop(std::move(post)); }
  void stopWriting() { publisher_.stopWriting(); }
  // Runs `job` on the store's thread, in turn with the writes: any other
  // use of the store's connection (it is not the loop's to use); `done`
  // gets what it threw ("": nothing), on the loop.
  void onStoreThread(std::function<void()> job, std::function<void(std::string error)> done) {
    publisher_.onStoreThread(std::move(job), std::move(done));
  }
  // Writes waiting for the store, and writes under way.
  std::size_t writesWaiting() const { return publisher_.waiting(); }

  // Cluster mode: an event read from the shared log (another node's, or
  // this node's own coming back); see RoomPublisher::follow.
  void followLog(const StoredEvent& stored) { publisher_.follow(stored); }
  // Cluster mode: a vote stored through any node (this one's come back
  // too: applying a vote again changes nothing).
  void followVote(const StoredVote& vote, bool removed);
  // Each log stream and the seq this node has applied: where following the
  // log starts.
  std::vector<std::pair<std::string, uint64_t>> logHeads() const;
  // Cluster mode: the other nodes' viewers per room, and who wants this
  // node's own count of a room when it changes.
  void setRemoteViewers(const std::map<std::string, uint32_t>& viewers) { rooms_.setRemoteViewers(viewers); }
  void onLocalViewers(std::function<void(const std::string& room_id, uint32_t viewers)> listener) {
    rooms_.onLocalViewers(std::move(listener));
  }

  Session& connect(Connection& connection);
  void disconnect(Session& session);

  // One complete WebSocket message from the client.
  void onBinaryMessage(Session& session, std::string_view bytes);
  void onTextMessage(Session& session);

  // Appends the next batch of the session's queued frames to `out` (one
  // WebSocket message); false when there is nothing to send.
  bool takeOutgoing(Session& session, std::string& out) { return outbox_.take(session, out); }

  // Periodic work: viewer counts, tallies, write deadlines, Hello deadlines.
  void tick(std::chrono::steady_clock::time_point now);

  // Closes every connection with `code` (e.g. 1001 when the hub stops).
  void closeAll(uint16_t code, const std::string& reason);

  // The media side for technicians (none: a chat-only hub).
  void setMediaDesk(MediaDesk* desk) { health_.setMediaDesk(desk); }
  // Sends the latest health report and the alerts that changed to every
  // session watching health (build the report only when someone is).
  bool watchingHealth() const { return health_.watched(); }
  void publishHealth(const v1::HealthReport& report, const std::vector<v1::Alert>& changes) {
    health_.publish(report, changes);
  }

  // What chat (and other text people send) may not contain; the list of
  // the configuration until replaced (a reload, on SIGHUP).
  const BlockedWords& blockedWords() const { return blocked_words_; }
  void setBlockedWords(BlockedWords words) { blocked_words_ = std::move(words); }

  const EventConfig& config() const { return config_; }
  const Metrics& metrics() const { return metrics_; }
  // Whether the store takes writes now (see StoreHealth).
  const StoreHealth& storeHealth() const { return publisher_.health(); }
  const std::vector<std::unique_ptr<Room>>& rooms() const { return rooms_.rooms(); }
  const Room* roomById(std::string_view room_id) const { return rooms_.room(room_id); }
  // Every moderation action so far, oldest first (GET /api/v1/audit).
  const std::vector<v1::AuditEntry>& audit() const { return audit_; }
  std::size_t sessionCount() const { return sessions_.size(); }

 private:
  void dispatch(Session& session, const v1::ClientMessage& message);
  void hello(Request& rq, const v1::Hello& hello);
  bool takeRequestToken(Session& session, uint64_t request_id);
  void closeLateHellos(std::chrono::steady_clock::time_point now);

  // RoomPublisher::Sink: what the store took.
  void committed(Room& room, v1::RoomEvent event, const std::string& payload) override;
  void sanctioned(const v1::Sanction& sanction, bool foreign) override;
  uint64_t head(const LogStream& stream) const override;
  Room* room(const std::string& room_id) override;

  // The log read back at restore (hub_restore.cpp). Throws StoreError.
  void restoreRoom(Room& room);
  void restoreSanctions();

  const EventConfig& config_;
  const Clock& clock_;
  EventLog& log_;
  VoteStore& votes_;
  Metrics& metrics_;
  BlockedWords blocked_words_;
  Sanctions sanctions_;
  uint64_t sanction_seq_ = 0;  // the sanctions' stream, applied up to here
  std::vector<v1::AuditEntry> audit_;
  SessionRegistry sessions_;
  Outbox outbox_;
  RoomDirectory rooms_;
  RoomPublisher publisher_;
  HubContext context_;
  Greeter greeter_;
  RoomHandler room_handler_;
  ChatHandler chat_;
  QuestionHandler questions_;
  PollHandler polls_;
  ModerationHandler moderation_;
  SanctionHandler sanction_handler_;
  HealthHandler health_;
  std::chrono::steady_clock::time_point next_hello_check_{};
};

}  // namespace hallcast
