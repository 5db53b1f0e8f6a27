#include "realtime/chat_handler.h"

#include "rooms/permissions.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {

constexpr std::size_t kMaxClientMessageIdBytes = 64;

}  // namespace

void ChatHandler::send(Request& rq, const v1::SendChat& chat) {
  Membership* found = rq.joinedRoom(chat.room_id(), "chatting");
  if (!found) return;
  Room& room = *found->room;
  Session& session = rq.session;
  const int64_t now_ms = hub_.clock.unixMs();
  if (rq.refuseIfMuted(room, now_ms)) return;
  if (!moderates(session.principal, room.id())) {
    if (const int64_t wait = room.slowModeWait(session.user.user_id(), now_ms); wait > 0) {
      rq.reject({v1::ERROR_CODE_RATE_LIMITED,
                 "slow mode: one message every " + std::to_string(room.settings().slow_mode_seconds()) +
                     " s in this room; wait " + std::to_string((wait + 999) / 1000) + " s",
                 static_cast<uint32_t>(wait)});
      return;
    }
  }
  auto checked_text = normalizeChatText(chat.text(), hub_.config.limits.max_chat_chars);
  std::string* text = rq.accepted(checked_text);
  if (!text) return;
  if (rq.refused(hub_.blocked_words.check(*text))) return;
  if (chat.client_message_id().size() > kMaxClientMessageIdBytes) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "client_message_id is longer than 64 bytes"});
    return;
  }
  const auto accepted = [room_id = room.id()](uint64_t seq) {
    v1::Ack ack;
    ack.mutable_chat_accepted()->set_room_id(room_id);
    ack.mutable_chat_accepted()->set_seq(seq);
    return ack;
  };
  if (!chat.client_message_id().empty()) {
    if (auto seq = room.findClientMessage(chat.client_message_id())) {
      rq.ack(accepted(*seq));  // a retry of a message the room already has
      return;
    }
  }
  v1::RoomEvent event = room.nextEvent(now_ms);
  v1::ChatMessage* message = event.mutable_chat();
  *message->mutable_author() = session.user;
  message->set_text(std::move(*text));
  message->set_client_message_id(chat.client_message_id());
  // Slow mode counts from the message sent, stored or not.
  room.chatted(session.user.user_id(), now_ms);
  hub_.publisher.publish(room, std::move(event), [reply = rq.later(), accepted](const auto& published) {
    if (reply.refused(published, "the message", "it was not sent")) return;
    reply.ack(accepted(published.seqs.front()));
  });
}

}  // namespace hallcast
