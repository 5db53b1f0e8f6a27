// The hub's moderation requests: room settings (pre-moderation, slow mode),
// deleting and pinning chat messages, mutes and bans, announcements, and what
// the hall's stage display shows.

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "common/wall_clock.h"
#include "realtime/codec.h"
#include "realtime/hub.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {

constexpr uint32_t kMaxSlowModeSeconds = 3600;
constexpr uint32_t kMaxReasonChars = 200;
constexpr uint32_t kMaxAnnouncementChars = 500;

}  // namespace

void Hub::handleRoomSettings(Session& session, uint64_t request_id, const v1::ChangeRoomSettings& change) {
  Membership* found = moderatedRoom(session, request_id, change.room_id());
  if (!found) return;
  Room& room = *found->room;
  if (!change.has_premoderation() && !change.has_slow_mode_seconds()) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "set premoderation, slow_mode_seconds or both"});
    return;
  }
  if (change.slow_mode_seconds() > kMaxSlowModeSeconds) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "slow_mode_seconds must be 0..3600"});
    return;
  }
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  v1::RoomSettings* settings = event.mutable_settings();
  *settings = room.settings();
  if (change.has_premoderation()) settings->set_premoderation(change.premoderation());
  if (change.has_slow_mode_seconds()) settings->set_slow_mode_seconds(change.slow_mode_seconds());
  *settings->mutable_actor() = session.user;
  publishAndAnswer(session, request_id, *found, std::move(event), "the settings");
}

void Hub::handleDeleteChat(Session& session, uint64_t request_id, const v1::DeleteChat& del) {
  Membership* found = moderatedRoom(session, request_id, del.room_id());
  if (!found) return;
  Room& room = *found->room;
  const v1::RoomEvent* chat = room.findChat(del.chat_seq());
  if (!chat) {
    reject(session, request_id,
           {v1::ERROR_CODE_NOT_FOUND, "no chat message " + std::to_string(del.chat_seq()) +
                                          " among the room's last " + std::to_string(config_.limits.replay_events) +
                                          " events"});
    return;
  }
  if (chat->chat().deleted()) {
    reject(session, request_id,
           {v1::ERROR_CODE_FAILED_PRECONDITION, "chat message " + std::to_string(del.chat_seq()) + " is already deleted"});
    return;
  }
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  event.mutable_chat_deleted()->set_chat_seq(del.chat_seq());
  *event.mutable_chat_deleted()->mutable_actor() = session.user;
  publishAndAnswer(session, request_id, *found, std::move(event), "the deletion");
}

void Hub::handlePinChat(Session& session, uint64_t request_id, const v1::PinChat& pin) {
  Membership* found = moderatedRoom(session, request_id, pin.room_id());
  if (!found) return;
  Room& room = *found->room;
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  v1::ChatPinned* pinned = event.mutable_chat_pinned();
  if (pin.chat_seq() != 0) {
    const v1::RoomEvent* chat = room.findChat(pin.chat_seq());
    if (!chat || chat->chat().deleted()) {
      reject(session, request_id,
             {v1::ERROR_CODE_NOT_FOUND, "no chat message " + std::to_string(pin.chat_seq()) + " to pin"});
      return;
    }
    *pinned->mutable_message() = chat->chat();
  }
  pinned->set_chat_seq(pin.chat_seq());
  *pinned->mutable_actor() = session.user;
  publishAndAnswer(session, request_id, *found, std::move(event), "the pin");
}

void Hub::handleSanction(Session& session, uint64_t request_id, const v1::ImposeSanction& request) {
  const v1::SanctionKind kind = request.kind();
  if (kind == v1::SANCTION_KIND_UNSPECIFIED || !v1::SanctionKind_IsValid(kind)) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "kind must be MUTE, UNMUTE, BAN or UNBAN"});
    return;
  }
  const bool ban = kind == v1::SANCTION_KIND_BAN || kind == v1::SANCTION_KIND_UNBAN;
  if (ban && !request.room_id().empty()) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "bans are for the whole event: leave room_id empty"});
    return;
  }
  if (request.room_id().empty()) {
    if (auto denied = authorize(session.principal, StaffAction::kModerateEverywhere)) {
      reject(session, request_id, *denied);
      return;
    }
  } else if (!moderatedRoom(session, request_id, request.room_id())) {
    return;
  }
  if (request.user_id().empty() || request.user_id().size() > 128) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "user_id must be 1..128 bytes"});
    return;
  }
  if (request.user_id().starts_with("staff:")) {
    reject(session, request_id,
           {v1::ERROR_CODE_PERMISSION_DENIED, "staff are not muted or banned; their tokens expire instead"});
    return;
  }
  std::string reason;
  if (!request.reason().empty()) {
    auto normalized = normalizeText(request.reason(), kMaxReasonChars, "reason");
    std::string* checked = accepted(session, request_id, normalized);
    if (!checked) return;
    reason = std::move(*checked);
  }
  const int64_t now_ms = nowUnixMs();
  const bool lifts = kind == v1::SANCTION_KIND_UNMUTE || kind == v1::SANCTION_KIND_UNBAN;
  if (lifts) {
    const bool active = kind == v1::SANCTION_KIND_UNBAN
                            ? sanctions_.bannedUntil(request.user_id(), now_ms).has_value()
                            : sanctions_.mutedUntil(request.user_id(), request.room_id(), now_ms).has_value();
    if (!active) {
      reject(session, request_id,
             {v1::ERROR_CODE_FAILED_PRECONDITION,
              "user " + request.user_id() + (kind == v1::SANCTION_KIND_UNBAN ? " is not banned" : " is not muted")});
      return;
    }
  }

  v1::Sanction sanction;
  *sanction.mutable_time() = timestampFromMs(now_ms);
  sanction.set_kind(kind);
  sanction.mutable_target()->set_user_id(request.user_id());
  // The name people know them by, when they are connected.
  for (const auto& [ptr, owned] : sessions_) {
    if (owned->user.user_id() == request.user_id()) {
      *sanction.mutable_target() = owned->user;
      break;
    }
  }
  sanction.set_room_id(request.room_id());
  if (!lifts && request.duration_seconds() > 0) {
    *sanction.mutable_until() = timestampFromMs(now_ms + int64_t{request.duration_seconds()} * 1000);
  }
  sanction.set_reason(reason);
  *sanction.mutable_actor() = session.user;
  publishSanction(sanction, [this, ref = refOf(session), request_id, sanction](const Published& published) {
    Session* to = live(ref);
    if (!published.stored()) {
      if (to) reject(*to, request_id, published.refusal("the sanction", "nothing changed"));
      return;
    }
    spdlog::info("{} of user {} ({}) by {} ({})", v1::SanctionKind_Name(sanction.kind()), sanction.target().user_id(),
                 sanction.room_id().empty() ? "every room" : sanction.room_id(), sanction.actor().display_name(),
                 sanction.actor().user_id());
    if (to) sendApplied(*to, request_id, "", published.seqs.front());
    v1::Sanction stored = sanction;
    stored.set_seq(published.seqs.front());
    announceSanction(stored);
  });
}

void Hub::announceSanction(const v1::Sanction& sanction) {
  // Encoded once, and only when someone is concerned (never at restore).
  Frame frame;
  for (const auto& [ptr, owned] : sessions_) {
    Session& s = *owned;
    const bool concerned = s.user.user_id() == sanction.target().user_id() ||
                           (sanction.room_id().empty() ? !authorize(s.principal, StaffAction::kModerateRoom)
                                                       : moderates(s.principal, sanction.room_id()));
    if (!concerned) continue;
    if (!frame) {
      v1::ServerEvent event;
      *event.mutable_sanction() = sanction;
      frame = encodeEvent(std::move(event));
    }
    send(s, frame);
  }
  if (sanction.kind() == v1::SANCTION_KIND_BAN) {
    for (const auto& [ptr, owned] : sessions_) {
      if (owned->user.user_id() == sanction.target().user_id()) {
        closeSession(*owned, kClosePolicyViolation, "banned from this event");
      }
    }
    detachClosing();
  }
}

void Hub::handleAnnounce(Session& session, uint64_t request_id, const v1::Announce& announce) {
  std::vector<Membership*> targets;
  if (announce.room_id().empty()) {
    if (auto denied = authorize(session.principal, StaffAction::kModerateEverywhere)) {
      reject(session, request_id, *denied);
      return;
    }
    for (const auto& room : rooms_) targets.push_back(&members_.at(room->id()));
  } else {
    Membership* found = moderatedRoom(session, request_id, announce.room_id());
    if (!found) return;
    targets.push_back(found);
  }
  auto checked_text = normalizeText(announce.text(), kMaxAnnouncementChars, "announcement");
  const std::string* text = accepted(session, request_id, checked_text);
  if (!text) return;
  const int64_t now_ms = nowUnixMs();
  std::vector<std::pair<Membership*, v1::RoomEvent>> events;
  for (Membership* target : targets) {
    v1::RoomEvent event = target->room->nextEvent(now_ms);
    v1::Announcement* a = event.mutable_announcement();
    a->set_text(*text);
    a->set_all_rooms(announce.room_id().empty());
    *a->mutable_actor() = session.user;
    events.emplace_back(target, std::move(event));
  }
  const std::string first_room = events.front().first->room->id();
  publishAll(std::move(events), [this, ref = refOf(session), request_id, first_room](const Published& published) {
    Session* to = live(ref);
    if (!to) return;
    if (!published.stored()) {
      reject(*to, request_id, published.refusal("the announcement", "it was not sent"));
      return;
    }
    sendApplied(*to, request_id, first_room, published.seqs.front());
  });
}

void Hub::handleSetStage(Session& session, uint64_t request_id, const v1::SetStage& request) {
  Membership* found = moderatedRoom(session, request_id, request.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto change = stageChange(request, room.polls(), session.user);
  if (!accepted(session, request_id, change)) return;
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  *event.mutable_stage() = std::get<v1::StageChange>(std::move(change));
  publishAndAnswer(session, request_id, *found, std::move(event), "the stage change");
}

}  // namespace hallcast
