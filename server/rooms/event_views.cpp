#include "rooms/event_views.h"

#include "rooms/question_board.h"

namespace hallcast {
namespace {

// Keeps the event's seq, time and room: the sequence stays whole.
void dropBody(v1::RoomEvent& event) {
  const uint64_t seq = event.seq();
  const std::string room = event.room_id();
  const google::protobuf::Timestamp time = event.time();
  event.Clear();
  event.set_room_id(room);
  event.set_seq(seq);
  *event.mutable_time() = time;
}

void viewQuestion(v1::RoomEvent& event) {
  v1::QuestionChange& change = *event.mutable_question();
  const v1::Question& q = change.question();
  switch (q.status()) {
    case v1::QUESTION_STATUS_PENDING:
      dropBody(event);
      return;
    case v1::QUESTION_STATUS_REJECTED:
    case v1::QUESTION_STATUS_WITHDRAWN: {
      // Clients that show it remove it; nothing else of it is told.
      v1::Question gone;
      gone.set_id(q.id());
      gone.set_status(q.status());
      *change.mutable_question() = gone;
      change.clear_actor();
      return;
    }
    default:
      break;
  }
  *change.mutable_question() = forAttendees(q);
  if (change.kind() == v1::QuestionChange::KIND_MODERATED || q.anonymous()) change.clear_actor();
}

}  // namespace

std::optional<v1::RoomEvent> attendeeView(const v1::RoomEvent& event) {
  // Chat and announcements are the same for everyone: no copy on the
  // busiest path.
  if (event.has_chat() || event.has_announcement()) return std::nullopt;
  v1::RoomEvent view = event;
  switch (event.body_case()) {
    case v1::RoomEvent::kQuestion:
      viewQuestion(view);
      break;
    case v1::RoomEvent::kPoll:
      if (event.poll().poll().state() == v1::POLL_STATE_DRAFT) {
        dropBody(view);
      } else {
        view.mutable_poll()->clear_actor();
      }
      break;
    case v1::RoomEvent::kChatDeleted:
      view.mutable_chat_deleted()->clear_actor();
      break;
    case v1::RoomEvent::kChatPinned:
      view.mutable_chat_pinned()->clear_actor();
      break;
    case v1::RoomEvent::kSettings:
      view.mutable_settings()->clear_actor();
      break;
    case v1::RoomEvent::kStage:
      view.mutable_stage()->clear_actor();
      break;
    default:
      return std::nullopt;
  }
  return view;
}

std::string subjectOf(const v1::RoomEvent& event) {
  if (event.has_question()) return event.question().question().author().user_id();
  return {};
}

}  // namespace hallcast
