#pragma once
// One room's real-time state: its sequence of events (the recent ones kept in
// memory for resume, each encoded once per audience), what the events built
// (questions, polls, settings, the pinned message) and its viewers. Pure:
// the durable log and the sockets are the hub's business.

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "common/frame.h"
#include "config/event_config.h"
#include "hallcast/v1/realtime.pb.h"
#include "rooms/poll_book.h"
#include "rooms/question_board.h"
#include "rooms/reaction_window.h"
#include "rooms/stage.h"

namespace hallcast {

class Sanctions;

class Room {
 public:
  // A committed event, as stored and as attendees see it (see event_views.h).
  struct Entry {
    v1::RoomEvent event;
    Frame frame;
    std::optional<v1::RoomEvent> attendee_event;  // nullopt: the same as `event`
    Frame attendee_frame;                         // == frame when the same
    std::string subject;                          // sees `event` in full

    bool fullFor(const std::string& user_id, bool moderator) const {
      return moderator || (!subject.empty() && subject == user_id);
    }
    const Frame& frameFor(const std::string& user_id, bool moderator) const {
      return fullFor(user_id, moderator) ? frame : attendee_frame;
    }
    const v1::RoomEvent& eventFor(const std::string& user_id, bool moderator) const {
      return fullFor(user_id, moderator) || !attendee_event ? event : *attendee_event;
    }
  };

  // Events with seq > since_seq, oldest first; or `missed` when some of them
  // are no longer held (the client must reset to the room's current state).
  struct Replay {
    bool missed = false;
    std::vector<const Entry*> entries;
  };

  Room(const RoomConfig& config, std::size_t replay_capacity);

  const RoomConfig& config() const { return config_; }
  const std::string& id() const { return config_.id; }
  uint64_t headSeq() const { return head_seq_; }

  // The next event of the room, to be stored, then committed: its seq
  // follows the head and the events on their way to the store.
  v1::RoomEvent nextEvent(int64_t time_unix_ms) const;
  // Events built and not yet stored (or refused): counted by the publisher.
  void reserveSeq() { ++pending_seqs_; }
  void releaseSeq() { --pending_seqs_; }
  uint64_t pendingSeqs() const { return pending_seqs_; }

  // Makes a durably stored event part of the room (`bytes`: its stored
  // encoding). Its seq must be head + 1. Returns the entry to fan out.
  const Entry& commit(v1::RoomEvent event, const std::string& bytes);

  Replay since(uint64_t since_seq) const;
  // The last `count` events, oldest first.
  std::vector<const Entry*> recent(std::size_t count) const;
  // A held chat message, or nullptr (unknown, or older than the replay window).
  const v1::RoomEvent* findChat(uint64_t seq) const;

  // The seq of the held event the client sent with `client_message_id`.
  std::optional<uint64_t> findClientMessage(const std::string& client_message_id) const;

  // What the events built.
  const QuestionBoard& questions() const { return questions_; }
  QuestionBoard& questions() { return questions_; }
  const PollBook& polls() const { return polls_; }
  PollBook& polls() { return polls_; }
  const v1::RoomSettings& settings() const { return settings_; }
  // What the stage display shows (without its actor).
  const v1::StageChange& stage() const { return stage_; }
  // The room's state as `user_id` may see it (see RoomState in interaction.proto).
  v1::RoomState stateFor(const std::string& user_id, bool moderator, const Sanctions& sanctions,
                         int64_t now_ms) const;

  // Slow mode: the ms `user_id` must still wait before chatting; 0 when it
  // may chat now (the message then counts).
  int64_t slowModeWait(const std::string& user_id, int64_t now_ms) const;
  void chatted(const std::string& user_id, int64_t now_ms) { last_chat_ms_[user_id] = now_ms; }

  // Vote counts changed since the last takeTally() (coalesced fan-out).
  void votesChangedForQuestion(uint64_t id) { dirty_questions_.insert(id); }
  void votesChangedForPoll(uint64_t id) { dirty_polls_.insert(id); }
  std::optional<v1::Tally> takeTally();
  ReactionWindow& reactions() { return reactions_; }

  // Everyone watching: this node's viewers and, in a cluster, the other
  // nodes' (as their last heartbeats said).
  uint32_t viewers() const { return viewers_ + remote_viewers_; }
  uint32_t localViewers() const { return viewers_; }
  void addViewer() { ++viewers_; }
  void removeViewer() {
    if (viewers_ > 0) --viewers_;
  }
  void setRemoteViewers(uint32_t viewers) { remote_viewers_ = viewers; }

 private:
  void apply(const v1::RoomEvent& event);
  // Removes a deleted message's text from the held entry and its frames.
  void redactChat(uint64_t seq);
  // The held entry with `seq`, or nullptr (older than the window, or unknown).
  const Entry* heldEntry(uint64_t seq) const;

  RoomConfig config_;
  std::size_t capacity_;
  uint64_t head_seq_ = 0;
  uint64_t pending_seqs_ = 0;
  std::deque<Entry> entries_;  // the last `capacity_` events, seq ascending
  std::unordered_map<std::string, uint64_t> client_ids_;  // of the held events
  uint32_t viewers_ = 0;
  uint32_t remote_viewers_ = 0;

  QuestionBoard questions_;
  PollBook polls_;
  v1::RoomSettings settings_;
  v1::StageChange stage_;
  std::optional<v1::RoomEvent> pinned_chat_;
  std::unordered_map<std::string, int64_t> last_chat_ms_;
  std::set<uint64_t> dirty_questions_;
  std::set<uint64_t> dirty_polls_;
  ReactionWindow reactions_;
};

}  // namespace hallcast
