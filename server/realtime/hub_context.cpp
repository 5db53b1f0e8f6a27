#include "realtime/hub_context.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "rooms/permissions.h"

namespace hallcast {

void Reply::ack(v1::Ack ack) const {
  if (Session* to = session()) hub_->outbox.ack(*to, request_id_, std::move(ack));
}

void Reply::reject(const Rejection& rejection) const {
  if (Session* to = session()) hub_->outbox.reject(*to, request_id_, rejection);
}

void Reply::applied(const std::string& room_id, uint64_t seq) const {
  if (Session* to = session()) hub_->outbox.applied(*to, request_id_, room_id, seq);
}

bool Reply::refused(const RoomPublisher::Published& published, const std::string& what,
                    const std::string& consequence) const {
  if (published.stored()) return false;
  reject(published.refusal(what, consequence));
  return true;
}

Membership* Request::room(std::string_view room_id) {
  Membership* found = hub.rooms.find(room_id);
  if (!found) reject({v1::ERROR_CODE_NOT_FOUND, "no room \"" + std::string(room_id) + "\" in this event"});
  return found;
}

Membership* Request::joinedRoom(std::string_view room_id, const char* what) {
  Membership* found = room(room_id);
  if (!found) return nullptr;
  if (!session.rooms.contains(found->room->id())) {
    reject({v1::ERROR_CODE_FAILED_PRECONDITION, "join room \"" + std::string(room_id) + "\" before " + what});
    return nullptr;
  }
  return found;
}

Membership* Request::moderatedRoom(std::string_view room_id) {
  Membership* found = room(room_id);
  if (!found) return nullptr;
  if (refused(authorize(session.principal, StaffAction::kModerateRoom, found->room->id()))) return nullptr;
  return found;
}

bool Request::refuseIfMuted(const Room& room, int64_t now_ms) {
  auto until = hub.sanctions.mutedUntil(session.user.user_id(), room.id(), now_ms);
  if (!until) return false;
  std::string message = "you are muted in room \"" + room.id() + "\"";
  uint32_t retry = 0;
  if (*until != 0) {
    message += " until " + google::protobuf::util::TimeUtil::ToString(timestampFromMs(*until));
    retry = static_cast<uint32_t>(std::min<int64_t>(*until - now_ms, UINT32_MAX));
  }
  reject({v1::ERROR_CODE_PERMISSION_DENIED, message, retry});
  return true;
}

void Request::publishAndAnswer(Room& room, v1::RoomEvent event, const char* what) {
  hub.publisher.publish(room, std::move(event), [reply = later(), room_id = room.id(), what](const auto& published) {
    if (reply.refused(published, what, "nothing changed")) return;
    reply.applied(room_id, published.seqs.front());
  });
}

}  // namespace hallcast
