#include "rooms/room.h"

#include <google/protobuf/util/time_util.h>

#include <stdexcept>

#include "realtime/codec.h"
#include "rooms/event_views.h"
#include "rooms/sanctions.h"

namespace hallcast {
namespace {

// The idempotency key a client attached to the event, if any.
const std::string& clientMessageId(const v1::RoomEvent& event) {
  return event.chat().client_message_id();
}

// The entry's frames from its events.
void encodeEntry(Room::Entry& entry, const std::string& bytes) {
  entry.frame = encodeRoomEventFrame(bytes);
  entry.attendee_event = attendeeView(entry.event);
  entry.attendee_frame =
      entry.attendee_event ? encodeRoomEventFrame(entry.attendee_event->SerializeAsString()) : entry.frame;
  entry.subject = subjectOf(entry.event);
}

}  // namespace

Room::Room(const RoomConfig& config, std::size_t replay_capacity)
    : config_(config), capacity_(replay_capacity == 0 ? 1 : replay_capacity), stage_(defaultStage()) {}

v1::RoomEvent Room::nextEvent(int64_t time_unix_ms) const {
  v1::RoomEvent event;
  event.set_room_id(config_.id);
  event.set_seq(head_seq_ + pending_seqs_ + 1);
  *event.mutable_time() =
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(time_unix_ms);
  return event;
}

const Room::Entry& Room::commit(v1::RoomEvent event, const std::string& bytes) {
  // The first commit after a restart continues from whatever seq was stored.
  if (!entries_.empty() || head_seq_ != 0) {
    if (event.seq() != head_seq_ + 1) {
      throw std::logic_error("room " + config_.id + ": seq " + std::to_string(event.seq()) +
                             " after " + std::to_string(head_seq_));
    }
  }
  head_seq_ = event.seq();
  apply(event);
  if (const std::string& key = clientMessageId(event); !key.empty()) client_ids_[key] = event.seq();
  Entry entry;
  entry.event = std::move(event);
  encodeEntry(entry, bytes);
  entries_.push_back(std::move(entry));
  if (entries_.size() > capacity_) {
    if (const std::string& key = clientMessageId(entries_.front().event); !key.empty()) {
      client_ids_.erase(key);
    }
    entries_.pop_front();
  }
  return entries_.back();
}

void Room::apply(const v1::RoomEvent& event) {
  switch (event.body_case()) {
    case v1::RoomEvent::kQuestion:
      questions_.apply(event.question());
      break;
    case v1::RoomEvent::kPoll:
      polls_.apply(event.poll());
      break;
    case v1::RoomEvent::kSettings:
      settings_ = event.settings();
      settings_.clear_actor();
      break;
    case v1::RoomEvent::kStage:
      stage_ = event.stage();
      stage_.clear_actor();
      break;
    case v1::RoomEvent::kChatPinned: {
      const v1::ChatPinned& pin = event.chat_pinned();
      if (pin.chat_seq() == 0) {
        pinned_chat_.reset();
        break;
      }
      v1::RoomEvent pinned;
      pinned.set_room_id(event.room_id());
      pinned.set_seq(pin.chat_seq());
      if (const v1::RoomEvent* chat = findChat(pin.chat_seq())) *pinned.mutable_time() = chat->time();
      *pinned.mutable_chat() = pin.message();
      pinned_chat_ = std::move(pinned);
      break;
    }
    case v1::RoomEvent::kChatDeleted: {
      const uint64_t seq = event.chat_deleted().chat_seq();
      if (pinned_chat_ && pinned_chat_->seq() == seq) pinned_chat_.reset();
      redactChat(seq);
      break;
    }
    default:
      break;
  }
}

const Room::Entry* Room::heldEntry(uint64_t seq) const {
  if (entries_.empty() || seq < entries_.front().event.seq() || seq > head_seq_) return nullptr;
  return &entries_[static_cast<std::size_t>(seq - entries_.front().event.seq())];
}

void Room::redactChat(uint64_t seq) {
  // The one place a held entry changes after its commit.
  auto* entry = const_cast<Entry*>(heldEntry(seq));
  if (!entry || !entry->event.has_chat()) return;
  v1::ChatMessage* chat = entry->event.mutable_chat();
  chat->clear_text();
  chat->set_deleted(true);
  encodeEntry(*entry, entry->event.SerializeAsString());
}

const v1::RoomEvent* Room::findChat(uint64_t seq) const {
  const Entry* entry = heldEntry(seq);
  return entry && entry->event.has_chat() ? &entry->event : nullptr;
}

std::optional<uint64_t> Room::findClientMessage(const std::string& client_message_id) const {
  auto it = client_ids_.find(client_message_id);
  if (it == client_ids_.end()) return std::nullopt;
  return it->second;
}

Room::Replay Room::since(uint64_t since_seq) const {
  Replay replay;
  if (since_seq > head_seq_) {
    // The client saw events this room never had (its store was replaced).
    replay.missed = true;
    return replay;
  }
  if (since_seq == head_seq_) return replay;
  const uint64_t oldest = entries_.empty() ? head_seq_ + 1 : entries_.front().event.seq();
  if (since_seq + 1 < oldest) {
    replay.missed = true;
    return replay;
  }
  for (auto it = entries_.begin() + static_cast<std::ptrdiff_t>(since_seq + 1 - oldest);
       it != entries_.end(); ++it) {
    replay.entries.push_back(&*it);
  }
  return replay;
}

std::vector<const Room::Entry*> Room::recent(std::size_t count) const {
  std::vector<const Entry*> out;
  const std::size_t n = std::min(count, entries_.size());
  for (auto it = entries_.end() - static_cast<std::ptrdiff_t>(n); it != entries_.end(); ++it) {
    out.push_back(&*it);
  }
  return out;
}

v1::RoomState Room::stateFor(const std::string& user_id, bool moderator, const Sanctions& sanctions,
                             int64_t now_ms) const {
  v1::RoomState state;
  state.set_premoderation(settings_.premoderation());
  state.set_slow_mode_seconds(settings_.slow_mode_seconds());
  for (v1::Question& q : questions_.list(user_id, moderator, v1::QUESTION_ORDER_TIME)) {
    *state.add_questions() = std::move(q);
  }
  state.set_pinned_question_id(questions_.pinned());
  if (pinned_chat_) *state.mutable_pinned_chat() = *pinned_chat_;
  for (v1::Poll& poll : polls_.list(moderator)) *state.add_polls() = std::move(poll);
  for (uint64_t id : questions_.votedBy(user_id)) state.add_my_question_votes(id);
  for (auto [poll_id, option] : polls_.votesOf(user_id)) {
    v1::RoomState::PollVote* vote = state.add_my_poll_votes();
    vote->set_poll_id(poll_id);
    vote->set_option(option);
  }
  if (auto until = sanctions.mutedUntil(user_id, config_.id, now_ms)) {
    state.set_muted(true);
    if (*until != 0) *state.mutable_muted_until() = google::protobuf::util::TimeUtil::MillisecondsToTimestamp(*until);
  }
  *state.mutable_stage() = stage_;
  if (moderator) {
    for (v1::Sanction& s : sanctions.inForce(config_.id, now_ms)) *state.add_sanctions() = std::move(s);
  }
  return state;
}

int64_t Room::slowModeWait(const std::string& user_id, int64_t now_ms) const {
  const int64_t interval = int64_t{settings_.slow_mode_seconds()} * 1000;
  if (interval == 0) return 0;
  auto it = last_chat_ms_.find(user_id);
  if (it == last_chat_ms_.end()) return 0;
  const int64_t wait = it->second + interval - now_ms;
  return wait > 0 ? wait : 0;
}

std::optional<v1::Tally> Room::takeTally() {
  if (dirty_questions_.empty() && dirty_polls_.empty()) return std::nullopt;
  v1::Tally tally;
  tally.set_room_id(config_.id);
  for (uint64_t id : dirty_questions_) {
    if (const v1::Question* q = questions_.find(id)) {
      v1::Tally::QuestionVotes* votes = tally.add_questions();
      votes->set_question_id(id);
      votes->set_votes(q->votes());
    }
  }
  for (uint64_t id : dirty_polls_) {
    if (const v1::Poll* poll = polls_.find(id)) *tally.add_polls() = *poll;
  }
  dirty_questions_.clear();
  dirty_polls_.clear();
  return tally;
}

}  // namespace hallcast
