#pragma once
// The real-time core: takes each client's decoded requests, applies them to
// the rooms, makes room events durable in the EventLog, and fans them out to
// the sessions' send queues. Runs on the event-loop thread only; it never
// touches a socket (see Connection) or a file (see EventLog).

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
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
#include "rooms/sanctions.h"
#include "store/event_log.h"
#include "store/store_health.h"
#include "store/store_writer.h"
#include "store/vote_store.h"

namespace hallcast {

class Hub {
 public:
  // Largest batch of queued frames written as one WebSocket message.
  static constexpr std::size_t kMaxBatchBytes = 64 * 1024;
  // How often a room may announce its viewer count.
  static constexpr std::chrono::milliseconds kPresenceInterval{500};
  // Reactions are summed, and vote counts coalesced, over windows this long.
  static constexpr std::chrono::milliseconds kInteractionWindow{200};
  // The log stream of the event-wide sanctions (no room id looks like it).
  static constexpr const char* kSanctionStream = "*";

  // config.access.secret signs and checks staff tokens and the guests'
  // resume tokens; it must not be empty (std::invalid_argument).
  Hub(const EventConfig& config, EventLog& log, VoteStore& votes, Metrics& metrics);

  // Rebuilds each room from its whole history in the log, its votes and the
  // sanctions. Throws StoreError.
  void restore();

  // From now on, the store is written (and read to catch up) on a thread of
  // its own, whose results come back through `post` (the loop's queue);
  // until then, and without it, writes run at once (tools, fuzzers).
  void writeOffTheLoop(StoreWriter::Post post);
  // Ends that thread (before the loop and the stores go away).
  void stopWriting();
  // Runs `job` on the store's thread, in turn with the writes: any other
  // use of the store's connection (it is not the loop's to use); `done`
  // gets what it threw ("": nothing), on the loop.
  void onStoreThread(std::function<void()> job, std::function<void(std::string error)> done) {
    writer_->run(std::move(job), std::move(done));
  }
  // Writes waiting for the store, and writes under way.
  std::size_t writesWaiting() const { return forming_.size() + in_flight_.size(); }

  // How long a write may wait for its turn at the store before it is
  // refused (UNAVAILABLE), and how many may wait.
  static constexpr std::chrono::seconds kWriteDeadline{5};
  static constexpr std::size_t kMaxWaitingWrites = 50'000;

  // Cluster mode: an event read from the shared log (another node's, or
  // this node's own coming back). Applies and fans out what this node has
  // not seen yet, reading any gap before it from the log; the rest is
  // ignored. On the loop thread.
  void followLog(const StoredEvent& stored);
  // Cluster mode: a vote stored through any node (this one's come back
  // too: applying a vote again changes nothing). On the loop thread.
  void followVote(const StoredVote& vote, bool removed);
  // Each log stream (room ids and the sanctions') and the seq this node has
  // applied: where following the log starts.
  std::vector<std::pair<std::string, uint64_t>> logHeads() const;
  // Cluster mode: the other nodes' viewers per room (rooms not named keep
  // theirs), and who wants this node's own count of a room when it changes.
  void setRemoteViewers(const std::map<std::string, uint32_t>& viewers);
  void onLocalViewers(std::function<void(const std::string& room_id, uint32_t viewers)> listener) {
    local_viewers_listener_ = std::move(listener);
  }

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
  // Whether the store takes writes now (see StoreHealth).
  const StoreHealth& storeHealth() const { return store_health_; }
  const std::vector<std::unique_ptr<Room>>& rooms() const { return rooms_; }
  const Room* roomById(std::string_view room_id) const;
  // Every moderation action so far, oldest first (GET /api/v1/audit).
  const std::vector<v1::AuditEntry>& audit() const { return audit_; }
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
  // Q&A (hub_questions.cpp)
  void handleAsk(Session& session, uint64_t request_id, const v1::AskQuestion& ask);
  void handleVoteQuestion(Session& session, uint64_t request_id, const v1::VoteQuestion& vote);
  void handleWithdraw(Session& session, uint64_t request_id, const v1::WithdrawQuestion& withdraw);
  void handleListQuestions(Session& session, uint64_t request_id, const v1::ListQuestions& list);
  void handleModerateQuestion(Session& session, uint64_t request_id, const v1::ModerateQuestion& moderate);
  // Chat moderation, room settings and the stage display (hub_moderation.cpp)
  void handleRoomSettings(Session& session, uint64_t request_id, const v1::ChangeRoomSettings& change);
  void handleDeleteChat(Session& session, uint64_t request_id, const v1::DeleteChat& del);
  void handlePinChat(Session& session, uint64_t request_id, const v1::PinChat& pin);
  void handleSanction(Session& session, uint64_t request_id, const v1::ImposeSanction& sanction);
  void handleAnnounce(Session& session, uint64_t request_id, const v1::Announce& announce);
  void handleSetStage(Session& session, uint64_t request_id, const v1::SetStage& request);
  // Reactions and polls (hub_polls.cpp)
  void handleReact(Session& session, uint64_t request_id, const v1::React& react);
  void handleCreatePoll(Session& session, uint64_t request_id, const v1::CreatePoll& create);
  void handleChangePoll(Session& session, uint64_t request_id, const v1::ChangePoll& change);
  void handleVotePoll(Session& session, uint64_t request_id, const v1::VotePoll& vote);
  // Fills the session's identity from a staff or press token; false after answering
  // the request with UNAUTHENTICATED.
  bool acceptToken(Session& session, uint64_t request_id, const std::string& token);
  // Fills the session's identity as a guest: a new one, or the one its
  // resume token names; false after answering the request with the reason.
  bool acceptGuest(Session& session, uint64_t request_id, const v1::Hello& hello);
  // Refuses (answers PERMISSION_DENIED and closes) a banned person.
  bool refuseIfBanned(Session& session, uint64_t request_id, const std::string& user_id);

  // What came of a publication: stored (the seqs of its events, or its
  // sanction's), or refused by the store (nothing changed).
  struct Published {
    std::vector<uint64_t> seqs;
    WriteOutcome::Status status = WriteOutcome::Status::kStored;
    bool stored() const { return status == WriteOutcome::Status::kStored; }
    // The refusal to answer with, saying that `what` ("the message") was
    // not stored and its `consequence` ("it was not sent").
    Rejection refusal(const std::string& what, const std::string& consequence) const;
  };
  using OnPublished = std::function<void(const Published&)>;
  // A session, as a continuation finds it again (nullptr: gone meanwhile).
  struct SessionRef {
    Session* session;
    std::string id;
  };
  SessionRef refOf(const Session& session) const { return {const_cast<Session*>(&session), session.session_id}; }
  Session* live(const SessionRef& ref) const;

  // Stores `event` (built with room.nextEvent), then commits it to the room,
  // sends it to every member (each as it may see it) and calls `done` —
  // on a later loop turn: writes go to the store in batches, one at a time,
  // off the loop (hub_publish.cpp). Its seq differs from the one it was
  // built with when an earlier write failed, or when another node took
  // that one first and the event only adds (a chat message, a new question
  // or poll, an announcement: see renumber).
  void publish(Membership& room, v1::RoomEvent event, OnPublished done);
  // The same, for one event in each room, stored atomically.
  void publishAll(std::vector<std::pair<Membership*, v1::RoomEvent>> events, OnPublished done);
  // A sanction, in the event-wide stream; applied once stored.
  void publishSanction(v1::Sanction sanction, OnPublished done);
  // A vote change; `done` counts it.
  void publishVote(VoteChange change, OnPublished done);
  // After a viewer joined or left the room here.
  void viewersChanged(const Room& room);
  // Applies (and fans out) the room's events in the log after its head:
  // the whole log at restore. Throws StoreError when the log cannot be read
  // or holds a bad event.
  void catchUp(Membership& membership);
  void catchUpSanctions();
  void commitAndFanOut(Membership& membership, v1::RoomEvent event, const std::string& bytes);
  // A sanction stored (by this node or another): applied and remembered.
  void applySanction(const v1::Sanction& sanction);

  // The write path (hub_publish.cpp).
  struct Publication;
  void enqueue(Publication publication);
  void scheduleWrites();
  void submitWrites();
  void completeWrites(WriteResult result);
  void refuse(Publication& publication, WriteOutcome::Status status);
  void expireWrites(std::chrono::steady_clock::time_point now);
  // Cluster mode: other nodes' events held until they apply in order.
  // `may_read`: a gap before them may be read from the log (not again
  // right after such a read).
  void applyFollowed(const std::string& stream, bool may_read = true);
  bool inFlight(const std::string& stream) const;
  uint64_t streamHead(const std::string& stream) const;
  // Sends a sanction to the moderators it concerns and the person, and
  // disconnects the person when it is a ban.
  void announceSanction(const v1::Sanction& sanction);
  // Answers `request_id` with Applied{room_id, seq}.
  void sendApplied(Session& session, uint64_t request_id, const std::string& room_id, uint64_t seq);
  // Publishes `event` and answers Applied; or INTERNAL ("`what` could not be
  // stored; nothing changed") when the log refused it.
  void publishAndAnswer(Session& session, uint64_t request_id, Membership& membership, v1::RoomEvent event,
                        const char* what);
  // The checked value, or nullptr after answering the request with its
  // refusal.
  template <typename T>
  T* accepted(Session& session, uint64_t request_id, Checked<T>& checked) {
    if (auto* rejection = std::get_if<Rejection>(&checked)) {
      reject(session, request_id, *rejection);
      return nullptr;
    }
    return &std::get<T>(checked);
  }
  // The room, or nullptr after answering the request with NOT_FOUND.
  Membership* findRoom(Session& session, uint64_t request_id, std::string_view room_id);
  // The room the session joined, or nullptr after answering NOT_FOUND or
  // FAILED_PRECONDITION ("join first", `what` says for what).
  Membership* joinedRoom(Session& session, uint64_t request_id, std::string_view room_id, const char* what);
  // The room, when the session may moderate it; or nullptr after answering.
  Membership* moderatedRoom(Session& session, uint64_t request_id, std::string_view room_id);
  // Refuses (and answers) when the session is muted in the room.
  bool refuseIfMuted(Session& session, uint64_t request_id, const Room& room, int64_t now_ms);
  // Sends the rooms' coalesced vote counts and reactions.
  void flushInteractions(std::chrono::steady_clock::time_point now);
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
  VoteStore& votes_;
  Metrics& metrics_;
  StoreHealth store_health_;
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
  Sanctions sanctions_;
  uint64_t sanction_seq_ = 0;
  std::function<void(const std::string&, uint32_t)> local_viewers_listener_;
  std::vector<v1::AuditEntry> audit_;
  std::chrono::steady_clock::time_point next_flush_{};
  std::chrono::steady_clock::time_point last_flush_{};

  struct Publication {
    std::vector<std::pair<Membership*, v1::RoomEvent>> events;
    std::optional<v1::Sanction> sanction;
    std::optional<VoteChange> vote;
    // Per event (then the sanction): its stream's count of other nodes'
    // events when it was built — a change since means it was built on a
    // state that is no longer the room's.
    std::vector<uint64_t> foreign_at;
    std::vector<std::string> payloads;  // as stored, per event (then the sanction)
    std::chrono::steady_clock::time_point since;
    int conflicts = 0;
    OnPublished done;
  };

  // The write path (hub_publish.cpp).
  std::unique_ptr<StoreWriter> writer_;
  StoreWriter::Post post_;  // runs a task on a later loop turn; null: at once
  std::deque<Publication> forming_;       // the next batch
  std::vector<Publication> in_flight_;    // the batch at the store
  bool writing_ = false;
  bool submit_scheduled_ = false;
  uint64_t sanction_pending_ = 0;         // sanctions built, not yet stored or refused
  std::map<std::string, uint64_t> foreign_commits_;  // per stream: other nodes' events applied
  std::map<std::string, std::map<uint64_t, StoredEvent>> followed_;  // other nodes' events not applied yet
  std::unordered_set<std::string> reading_;  // streams with a catch-up read under way
};


}  // namespace hallcast
