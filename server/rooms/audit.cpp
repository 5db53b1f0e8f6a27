#include "rooms/audit.h"

#include <google/protobuf/util/time_util.h>

#include <cctype>

namespace hallcast {
namespace {

// "QUESTION_MODERATION_APPROVE" with prefix "QUESTION_MODERATION_" -> "approve".
std::string lowerSuffix(const std::string& name, std::string_view prefix) {
  std::string out = name.substr(name.rfind(prefix, 0) == 0 ? prefix.size() : 0);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<v1::AuditEntry> auditEntryOf(const v1::RoomEvent& event) {
  v1::AuditEntry entry;
  *entry.mutable_time() = event.time();
  entry.set_room_id(event.room_id());
  entry.set_seq(event.seq());
  switch (event.body_case()) {
    case v1::RoomEvent::kQuestion: {
      const v1::QuestionChange& change = event.question();
      if (change.kind() != v1::QuestionChange::KIND_MODERATED) return std::nullopt;
      *entry.mutable_actor() = change.actor();
      entry.set_action("question." + lowerSuffix(v1::QuestionModeration_Name(change.moderation()),
                                                 "QUESTION_MODERATION_"));
      entry.set_target("question " + std::to_string(change.question().id()));
      if (change.moderation() == v1::QUESTION_MODERATION_REPLY) {
        entry.set_detail(change.question().reply());
      } else if (change.question().edited()) {
        entry.set_detail(change.question().text());
      }
      break;
    }
    case v1::RoomEvent::kPoll:
      *entry.mutable_actor() = event.poll().actor();
      entry.set_action("poll." + lowerSuffix(v1::PollChange::Kind_Name(event.poll().kind()), "KIND_"));
      entry.set_target("poll " + std::to_string(event.poll().poll().id()));
      entry.set_detail(event.poll().poll().question());
      break;
    case v1::RoomEvent::kChatDeleted:
      *entry.mutable_actor() = event.chat_deleted().actor();
      entry.set_action("chat.delete");
      entry.set_target("chat " + std::to_string(event.chat_deleted().chat_seq()));
      break;
    case v1::RoomEvent::kChatPinned:
      *entry.mutable_actor() = event.chat_pinned().actor();
      entry.set_action(event.chat_pinned().chat_seq() == 0 ? "chat.unpin" : "chat.pin");
      entry.set_target("chat " + std::to_string(event.chat_pinned().chat_seq()));
      break;
    case v1::RoomEvent::kSettings:
      *entry.mutable_actor() = event.settings().actor();
      entry.set_action("room.settings");
      entry.set_detail("premoderation " + std::string(event.settings().premoderation() ? "on" : "off") +
                       ", slow mode " + std::to_string(event.settings().slow_mode_seconds()) + " s");
      break;
    case v1::RoomEvent::kStage:
      *entry.mutable_actor() = event.stage().actor();
      entry.set_action("stage." + lowerSuffix(v1::StageView_Name(event.stage().view()), "STAGE_VIEW_"));
      if (event.stage().poll_id() != 0) entry.set_target("poll " + std::to_string(event.stage().poll_id()));
      break;
    case v1::RoomEvent::kAnnouncement:
      *entry.mutable_actor() = event.announcement().actor();
      entry.set_action(event.announcement().all_rooms() ? "announce.all_rooms" : "announce.room");
      entry.set_detail(event.announcement().text());
      break;
    default:
      return std::nullopt;
  }
  return entry;
}

v1::AuditEntry auditEntryOf(const v1::Sanction& sanction) {
  v1::AuditEntry entry;
  *entry.mutable_time() = sanction.time();
  entry.set_room_id(sanction.room_id());
  entry.set_seq(sanction.seq());
  *entry.mutable_actor() = sanction.actor();
  entry.set_action("sanction." + lowerSuffix(v1::SanctionKind_Name(sanction.kind()), "SANCTION_KIND_"));
  entry.set_target("user " + sanction.target().user_id());
  std::string detail;
  if (sanction.has_until()) detail = "until " + google::protobuf::util::TimeUtil::ToString(sanction.until());
  if (!sanction.reason().empty()) detail += (detail.empty() ? "" : "; ") + sanction.reason();
  entry.set_detail(detail);
  return entry;
}

}  // namespace hallcast
