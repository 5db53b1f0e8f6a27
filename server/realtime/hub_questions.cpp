// The hub's Q&A requests: ask, vote, withdraw, list, moderate. The rules are
// the QuestionBoard's; here they are authorised, stored and fanned out.

#include <spdlog/spdlog.h>

#include "common/wall_clock.h"
#include "realtime/hub.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {

std::string ballotOf(uint64_t question_id) { return "q/" + std::to_string(question_id); }

}  // namespace

void Hub::handleAsk(Session& session, uint64_t request_id, const v1::AskQuestion& ask) {
  Membership* found = joinedRoom(session, request_id, ask.room_id(), "asking");
  if (!found) return;
  Room& room = *found->room;
  const int64_t now_ms = nowUnixMs();
  if (auto denied = mayAsk(session.principal, room.id(), room.config().press_only_questions)) {
    reject(session, request_id, *denied);
    return;
  }
  if (room.config().press_only_questions && ask.anonymous()) {
    reject(session, request_id,
           {v1::ERROR_CODE_INVALID_ARGUMENT, "press questions are asked with the journalist's name and outlet: "
                                             "anonymous is off in this room"});
    return;
  }
  if (refuseIfMuted(session, request_id, room, now_ms)) return;
  auto checked_text = normalizeText(ask.text(), kMaxQuestionChars, "question");
  std::string* text = accepted(session, request_id, checked_text);
  if (!text) return;
  if (auto blocked = blocked_words_.check(*text, "the question")) {
    reject(session, request_id, *blocked);
    return;
  }
  v1::RoomEvent event = room.nextEvent(now_ms);
  auto change = room.questions().ask(event.seq(), session.user, std::move(*text), ask.anonymous(),
                                     room.settings().premoderation(), event.time());
  if (!accepted(session, request_id, change)) return;
  *event.mutable_question() = std::get<v1::QuestionChange>(std::move(change));
  publishAndAnswer(session, request_id, *found, std::move(event), "the question");
}

void Hub::handleVoteQuestion(Session& session, uint64_t request_id, const v1::VoteQuestion& vote) {
  Membership* found = joinedRoom(session, request_id, vote.room_id(), "voting");
  if (!found) return;
  Room& room = *found->room;
  const std::string& voter = session.user.user_id();
  if (auto refused = room.questions().checkVote(vote.question_id(), voter, vote.up())) {
    reject(session, request_id, *refused);
    return;
  }
  VoteChange change{{room.id(), ballotOf(vote.question_id()), voter, 1}, !vote.up()};
  publishVote(std::move(change), [this, ref = refOf(session), request_id, &room, vote, voter](const Published& published) {
    Session* to = live(ref);
    if (!published.stored()) {
      if (to) reject(*to, request_id, published.refusal("the vote", "it was not counted"));
      return;
    }
    const uint32_t votes = room.questions().applyVote(vote.question_id(), voter, vote.up());
    room.votesChangedForQuestion(vote.question_id());
    if (!to) return;
    v1::Ack ack;
    ack.mutable_voted()->set_room_id(room.id());
    ack.mutable_voted()->set_question_id(vote.question_id());
    ack.mutable_voted()->set_votes(votes);
    sendAck(*to, request_id, std::move(ack));
  });
}

void Hub::handleWithdraw(Session& session, uint64_t request_id, const v1::WithdrawQuestion& withdraw) {
  Membership* found = findRoom(session, request_id, withdraw.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto change = room.questions().withdraw(withdraw.question_id(), session.user.user_id());
  if (!accepted(session, request_id, change)) return;
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  *event.mutable_question() = std::get<v1::QuestionChange>(std::move(change));
  publishAndAnswer(session, request_id, *found, std::move(event), "the withdrawal");
}

void Hub::handleListQuestions(Session& session, uint64_t request_id, const v1::ListQuestions& list) {
  Membership* found = findRoom(session, request_id, list.room_id());
  if (!found) return;
  const Room& room = *found->room;
  if (!v1::QuestionOrder_IsValid(list.order())) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "order must be VOTES or TIME"});
    return;
  }
  v1::Ack ack;
  v1::QuestionList* out = ack.mutable_question_list();
  out->set_room_id(room.id());
  const bool moderator = moderates(session.principal, room.id());
  for (v1::Question& q : room.questions().list(session.user.user_id(), moderator, list.order())) {
    *out->add_questions() = std::move(q);
  }
  sendAck(session, request_id, std::move(ack));
}

void Hub::handleModerateQuestion(Session& session, uint64_t request_id, const v1::ModerateQuestion& moderate) {
  Membership* found = moderatedRoom(session, request_id, moderate.room_id());
  if (!found) return;
  Room& room = *found->room;
  const auto action = moderate.action();
  std::string text;
  // EDIT needs a text; APPROVE may carry one (an edit) and REPLY may be
  // empty (the reply removed).
  const bool is_reply = action == v1::QUESTION_MODERATION_REPLY;
  if (action == v1::QUESTION_MODERATION_EDIT || !moderate.text().empty()) {
    auto normalized = normalizeText(moderate.text(), is_reply ? config_.limits.max_chat_chars : kMaxQuestionChars,
                                    is_reply ? "reply" : "question");
    std::string* checked = accepted(session, request_id, normalized);
    if (!checked) return;
    text = std::move(*checked);
  }
  auto change = room.questions().moderate(moderate.question_id(), action, std::move(text), session.user);
  if (!accepted(session, request_id, change)) return;
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  *event.mutable_question() = std::get<v1::QuestionChange>(std::move(change));
  spdlog::info("room {}: question {} {} by {} ({})", room.id(), moderate.question_id(),
               v1::QuestionModeration_Name(action), session.user.display_name(), session.user.user_id());
  publishAndAnswer(session, request_id, *found, std::move(event), "the change");
}

}  // namespace hallcast
