#include "rooms/room.h"

#include <google/protobuf/util/time_util.h>

#include <stdexcept>

namespace hallcast {
namespace {

// The idempotency key a client attached to the event, if any.
const std::string& clientMessageId(const v1::RoomEvent& event) {
  return event.chat().client_message_id();
}

}  // namespace

Room::Room(const RoomConfig& config, std::size_t replay_capacity)
    : config_(config), capacity_(replay_capacity == 0 ? 1 : replay_capacity) {}

v1::RoomEvent Room::nextEvent(int64_t time_unix_ms) const {
  v1::RoomEvent event;
  event.set_room_id(config_.id);
  event.set_seq(head_seq_ + 1);
  *event.mutable_time() =
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(time_unix_ms);
  return event;
}

void Room::commit(v1::RoomEvent event, Frame frame) {
  // The first commit after a restart continues from whatever seq was stored.
  if (!entries_.empty() || head_seq_ != 0) {
    if (event.seq() != head_seq_ + 1) {
      throw std::logic_error("room " + config_.id + ": seq " + std::to_string(event.seq()) +
                             " after " + std::to_string(head_seq_));
    }
  }
  head_seq_ = event.seq();
  if (const std::string& key = clientMessageId(event); !key.empty()) client_ids_[key] = event.seq();
  entries_.push_back(Entry{std::move(event), std::move(frame)});
  if (entries_.size() > capacity_) {
    if (const std::string& key = clientMessageId(entries_.front().event); !key.empty()) {
      client_ids_.erase(key);
    }
    entries_.pop_front();
  }
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

}  // namespace hallcast
