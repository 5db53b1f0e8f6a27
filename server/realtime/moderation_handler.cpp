#include "realtime/moderation_handler.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "realtime/codec.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {

constexpr uint32_t kMaxSlowModeSeconds = 3600;
constexpr uint32_t kMaxAnnouncementChars = 500;

}  // namespace

void ModerationHandler::roomSettings(Request& rq, const v1::ChangeRoomSettings& change) {
  Membership* found = rq.moderatedRoom(change.room_id());
  if (!found) return;
  Room& room = *found->room;
  if (!change.has_premoderation() && !change.has_slow_mode_seconds()) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "set premoderation, slow_mode_seconds or both"});
    return;
  }
  if (change.slow_mode_seconds() > kMaxSlowModeSeconds) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "slow_mode_seconds must be 0..3600"});
    return;
  }
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  v1::RoomSettings* settings = event.mutable_settings();
  *settings = room.settings();
  if (change.has_premoderation()) settings->set_premoderation(change.premoderation());
  if (change.has_slow_mode_seconds()) settings->set_slow_mode_seconds(change.slow_mode_seconds());
  *settings->mutable_actor() = rq.session.user;
  rq.publishAndAnswer(*found->room, std::move(event), "the settings");
}

void ModerationHandler::deleteChat(Request& rq, const v1::DeleteChat& del) {
  Membership* found = rq.moderatedRoom(del.room_id());
  if (!found) return;
  Room& room = *found->room;
  const v1::RoomEvent* chat = room.findChat(del.chat_seq());
  if (!chat) {
    rq.reject({v1::ERROR_CODE_NOT_FOUND, "no chat message " + std::to_string(del.chat_seq()) +
                                          " among the room's last " + std::to_string(hub_.config.limits.replay_events) +
                                          " events"});
    return;
  }
  if (chat->chat().deleted()) {
    rq.reject({v1::ERROR_CODE_FAILED_PRECONDITION, "chat message " + std::to_string(del.chat_seq()) + " is already deleted"});
    return;
  }
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  event.mutable_chat_deleted()->set_chat_seq(del.chat_seq());
  *event.mutable_chat_deleted()->mutable_actor() = rq.session.user;
  rq.publishAndAnswer(*found->room, std::move(event), "the deletion");
}

void ModerationHandler::pinChat(Request& rq, const v1::PinChat& pin) {
  Membership* found = rq.moderatedRoom(pin.room_id());
  if (!found) return;
  Room& room = *found->room;
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  v1::ChatPinned* pinned = event.mutable_chat_pinned();
  if (pin.chat_seq() != 0) {
    const v1::RoomEvent* chat = room.findChat(pin.chat_seq());
    if (!chat || chat->chat().deleted()) {
      rq.reject({v1::ERROR_CODE_NOT_FOUND, "no chat message " + std::to_string(pin.chat_seq()) + " to pin"});
      return;
    }
    *pinned->mutable_message() = chat->chat();
  }
  pinned->set_chat_seq(pin.chat_seq());
  *pinned->mutable_actor() = rq.session.user;
  rq.publishAndAnswer(*found->room, std::move(event), "the pin");
}

void ModerationHandler::announce(Request& rq, const v1::Announce& announce) {
  std::vector<Membership*> targets;
  if (announce.room_id().empty()) {
    if (rq.refused(authorize(rq.session.principal, StaffAction::kModerateEverywhere))) return;
    for (const auto& room : hub_.rooms.rooms()) targets.push_back(hub_.rooms.find(room->id()));
  } else {
    Membership* found = rq.moderatedRoom(announce.room_id());
    if (!found) return;
    targets.push_back(found);
  }
  auto checked_text = normalizeText(announce.text(), kMaxAnnouncementChars, "announcement");
  const std::string* text = rq.accepted(checked_text);
  if (!text) return;
  const int64_t now_ms = hub_.clock.unixMs();
  std::vector<std::pair<Room*, v1::RoomEvent>> events;
  for (Membership* target : targets) {
    v1::RoomEvent event = target->room->nextEvent(now_ms);
    v1::Announcement* a = event.mutable_announcement();
    a->set_text(*text);
    a->set_all_rooms(announce.room_id().empty());
    *a->mutable_actor() = rq.session.user;
    events.emplace_back(target->room, std::move(event));
  }
  const std::string first_room = events.front().first->id();
  hub_.publisher.publishAll(std::move(events), [reply = rq.later(), first_room](const auto& published) {
    if (reply.refused(published, "the announcement", "it was not sent")) return;
    reply.applied(first_room, published.seqs.front());
  });
}

void ModerationHandler::setStage(Request& rq, const v1::SetStage& request) {
  Membership* found = rq.moderatedRoom(request.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto change = stageChange(request, room.polls(), rq.session.user);
  if (!rq.accepted(change)) return;
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  *event.mutable_stage() = std::get<v1::StageChange>(std::move(change));
  rq.publishAndAnswer(*found->room, std::move(event), "the stage change");
}

}  // namespace hallcast
