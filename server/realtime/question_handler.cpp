#include "realtime/question_handler.h"

#include <spdlog/spdlog.h>

#include "rooms/text_policy.h"

namespace hallcast {

void QuestionHandler::ask(Request& rq, const v1::AskQuestion& ask) {
  Membership* found = rq.joinedRoom(ask.room_id(), "asking");
  if (!found) return;
  Room& room = *found->room;
  const int64_t now_ms = hub_.clock.unixMs();
  if (rq.refused(mayAsk(rq.session.principal, room.id(), room.config().press_only_questions))) return;
  if (room.config().press_only_questions && ask.anonymous()) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "press questions are asked with the journalist's name and outlet: "
                                             "anonymous is off in this room"});
    return;
  }
  if (rq.refuseIfMuted(room, now_ms)) return;
  auto checked_text = normalizeText(ask.text(), kMaxQuestionChars, "question");
  std::string* text = rq.accepted(checked_text);
  if (!text) return;
  if (rq.refused(hub_.blocked_words.check(*text, "the question"))) return;
  v1::RoomEvent event = room.nextEvent(now_ms);
  auto change = room.questions().ask(event.seq(), rq.session.user, std::move(*text), ask.anonymous(),
                                     room.settings().premoderation(), event.time());
  if (!rq.accepted(change)) return;
  *event.mutable_question() = std::get<v1::QuestionChange>(std::move(change));
  rq.publishAndAnswer(*found->room, std::move(event), "the question");
}

void QuestionHandler::vote(Request& rq, const v1::VoteQuestion& vote) {
  Membership* found = rq.joinedRoom(vote.room_id(), "voting");
  if (!found) return;
  Room& room = *found->room;
  const std::string& voter = rq.session.user.user_id();
  if (rq.refused(room.questions().checkVote(vote.question_id(), voter, vote.up()))) return;
  VoteChange change{{room.id(), Ballot::question(vote.question_id()), voter, 1}, !vote.up()};
  hub_.publisher.publishVote(std::move(change), [reply = rq.later(), &room, vote, voter](const auto& published) {
    if (reply.refused(published, "the vote", "it was not counted")) return;
    const uint32_t votes = room.questions().applyVote(vote.question_id(), voter, vote.up());
    room.votesChangedForQuestion(vote.question_id());
    v1::Ack ack;
    ack.mutable_voted()->set_room_id(room.id());
    ack.mutable_voted()->set_question_id(vote.question_id());
    ack.mutable_voted()->set_votes(votes);
    reply.ack(std::move(ack));
  });
}

void QuestionHandler::withdraw(Request& rq, const v1::WithdrawQuestion& withdraw) {
  Membership* found = rq.room(withdraw.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto change = room.questions().withdraw(withdraw.question_id(), rq.session.user.user_id());
  if (!rq.accepted(change)) return;
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  *event.mutable_question() = std::get<v1::QuestionChange>(std::move(change));
  rq.publishAndAnswer(*found->room, std::move(event), "the withdrawal");
}

void QuestionHandler::list(Request& rq, const v1::ListQuestions& list) {
  Membership* found = rq.room(list.room_id());
  if (!found) return;
  const Room& room = *found->room;
  if (!v1::QuestionOrder_IsValid(list.order())) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "order must be VOTES or TIME"});
    return;
  }
  v1::Ack ack;
  v1::QuestionList* out = ack.mutable_question_list();
  out->set_room_id(room.id());
  const bool moderator = moderates(rq.session.principal, room.id());
  for (v1::Question& q : room.questions().list(rq.session.user.user_id(), moderator, list.order())) {
    *out->add_questions() = std::move(q);
  }
  rq.ack(std::move(ack));
}

void QuestionHandler::moderate(Request& rq, const v1::ModerateQuestion& moderate) {
  Membership* found = rq.moderatedRoom(moderate.room_id());
  if (!found) return;
  Room& room = *found->room;
  const auto action = moderate.action();
  std::string text;
  // EDIT needs a text; APPROVE may carry one (an edit) and REPLY may be
  // empty (the reply removed).
  const bool is_reply = action == v1::QUESTION_MODERATION_REPLY;
  if (action == v1::QUESTION_MODERATION_EDIT || !moderate.text().empty()) {
    auto normalized = normalizeText(moderate.text(), is_reply ? hub_.config.limits.max_chat_chars : kMaxQuestionChars,
                                    is_reply ? "reply" : "question");
    std::string* checked = rq.accepted(normalized);
    if (!checked) return;
    text = std::move(*checked);
  }
  auto change = room.questions().moderate(moderate.question_id(), action, std::move(text), rq.session.user);
  if (!rq.accepted(change)) return;
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  *event.mutable_question() = std::get<v1::QuestionChange>(std::move(change));
  spdlog::info("room {}: question {} {} by {} ({})", room.id(), moderate.question_id(),
               v1::QuestionModeration_Name(action), rq.session.user.display_name(), rq.session.user.user_id());
  rq.publishAndAnswer(*found->room, std::move(event), "the change");
}

}  // namespace hallcast
