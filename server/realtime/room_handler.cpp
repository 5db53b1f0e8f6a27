#include "realtime/room_handler.h"

#include "rooms/permissions.h"

namespace hallcast {

void RoomHandler::join(Request& rq, const v1::JoinRoom& join) {
  Membership* found = rq.room(join.room_id());
  if (!found) return;
  Room& room = *found->room;
  hub_.rooms.join(rq.session, *found);

  v1::Ack ack;
  v1::Joined* joined = ack.mutable_joined();
  joined->set_room_id(room.id());
  joined->set_head_seq(room.headSeq());
  joined->set_viewers(room.viewers());
  // A resume within the window replays; a first join, or one too far
  // behind, gets the room's recent events instead.
  Room::Replay replay;
  if (join.has_since_seq()) replay = room.since(join.since_seq());
  joined->set_missed_events(replay.missed);
  const std::string& user_id = rq.session.user.user_id();
  const bool moderator = moderates(rq.session.principal, room.id());
  if (!join.has_since_seq() || replay.missed) {
    for (const Room::Entry* e : room.recent(hub_.config.limits.recent_events)) {
      *joined->add_recent() = e->eventFor(user_id, moderator);
    }
  }
  *joined->mutable_state() = room.stateFor(user_id, moderator, hub_.sanctions, hub_.clock.unixMs());
  rq.ack(std::move(ack));
  // The loop thread runs nothing else between the lines above and below, so
  // no event can be published in between: replay then live, with no gap.
  for (const Room::Entry* e : replay.entries) hub_.outbox.send(rq.session, e->frameFor(user_id, moderator));
}

void RoomHandler::leave(Request& rq, const v1::LeaveRoom& leave) {
  Membership* found = rq.room(leave.room_id());
  if (!found) return;
  if (!rq.session.rooms.contains(found->room->id())) {
    rq.reject({v1::ERROR_CODE_FAILED_PRECONDITION, "not in room \"" + leave.room_id() + "\""});
    return;
  }
  hub_.rooms.leave(rq.session, *found);
  v1::Ack ack;
  ack.mutable_left()->set_room_id(found->room->id());
  rq.ack(std::move(ack));
}

}  // namespace hallcast
