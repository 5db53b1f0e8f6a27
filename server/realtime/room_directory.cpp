#include "realtime/room_directory.h"

#include "realtime/codec.h"
#include "rooms/permissions.h"

namespace hallcast {

RoomDirectory::RoomDirectory(const EventConfig& config, Outbox& outbox) : outbox_(outbox) {
  for (const RoomConfig& room_config : config.rooms) {
    rooms_.push_back(std::make_unique<Room>(room_config, config.limits.replay_events));
    members_.emplace(room_config.id, Membership{rooms_.back().get(), {}});
  }
}

Membership* RoomDirectory::find(std::string_view room_id) {
  auto it = members_.find(std::string(room_id));
  return it == members_.end() ? nullptr : &it->second;
}

const Room* RoomDirectory::room(std::string_view room_id) const {
  auto it = members_.find(std::string(room_id));
  return it == members_.end() ? nullptr : it->second.room;
}

bool RoomDirectory::join(Session& session, Membership& membership) {
  if (!session.rooms.insert(membership.room->id()).second) return false;
  membership.sessions.insert(&session);
  membership.room->addViewer();
  viewersChanged(*membership.room);
  return true;
}

void RoomDirectory::leave(Session& session, Membership& membership) {
  session.rooms.erase(membership.room->id());
  removeMember(session, membership);
}

void RoomDirectory::leaveAll(Session& session) {
  for (const std::string& room_id : session.rooms) removeMember(session, members_.at(room_id));
  session.rooms.clear();
}

void RoomDirectory::removeMember(Session& session, Membership& membership) {
  membership.sessions.erase(&session);
  membership.room->removeViewer();
  viewersChanged(*membership.room);
}

const Room::Entry& RoomDirectory::commit(Room& room, v1::RoomEvent event, const std::string& bytes) {
  const Room::Entry& entry = room.commit(std::move(event), bytes);
  const std::string& room_id = room.id();
  for (Session* member : members_.at(room_id).sessions) {
    if (entry.attendee_frame == entry.frame) {
      outbox_.send(*member, entry.frame);
    } else {
      outbox_.send(*member, entry.frameFor(member->user.user_id(), moderates(member->principal, room_id)));
    }
  }
  return entry;
}

void RoomDirectory::fanOut(Membership& membership, const Frame& frame) {
  for (Session* member : membership.sessions) outbox_.send(*member, frame);
}

void RoomDirectory::viewersChanged(const Room& room) {
  presence_.update(room.id(), room.viewers());
  if (local_viewers_listener_) local_viewers_listener_(room.id(), room.localViewers());
}

void RoomDirectory::setRemoteViewers(const std::map<std::string, uint32_t>& viewers) {
  for (const auto& [room_id, count] : viewers) {
    Membership* found = find(room_id);
    if (!found) continue;
    found->room->setRemoteViewers(count);
    presence_.update(room_id, found->room->viewers());
  }
}

void RoomDirectory::tick(std::chrono::steady_clock::time_point now) {
  flushInteractions(now);
  for (const auto& announcement : presence_.due(now)) {
    v1::ServerEvent event;
    event.mutable_presence()->set_room_id(announcement.room_id);
    event.mutable_presence()->set_viewers(announcement.viewers);
    fanOut(members_.at(announcement.room_id), encodeEvent(std::move(event)));
  }
}

void RoomDirectory::flushInteractions(std::chrono::steady_clock::time_point now) {
  if (now < next_flush_) return;
  const auto window =
      last_flush_ == std::chrono::steady_clock::time_point{} ? kInteractionWindow : now - last_flush_;
  last_flush_ = now;
  // The loop ticks every 100 ms, give or take: waiting for the first tick
  // that is at least 3/4 of a window later makes every window two ticks
  // (~200 ms), where waiting for a whole window could make it three.
  next_flush_ = now + kInteractionWindow * 3 / 4;
  const auto window_ms = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(window).count());
  for (auto& [room_id, membership] : members_) {
    Room& room = *membership.room;
    v1::ServerMessage message;
    if (auto tally = room.takeTally()) *message.add_events()->mutable_tally() = std::move(*tally);
    if (auto reactions = room.reactions().take(room_id, window_ms)) {
      *message.add_events()->mutable_reactions() = std::move(*reactions);
    }
    if (message.events_size() == 0 || membership.sessions.empty()) continue;
    fanOut(membership, std::make_shared<const std::string>(message.SerializeAsString()));
  }
}

}  // namespace hallcast
