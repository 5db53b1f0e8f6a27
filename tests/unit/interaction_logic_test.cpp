// The pure room logic of Q&A, polls, sanctions and who sees what, without
// a hub around it.

#include <gtest/gtest.h>

#include "rooms/event_views.h"
#include "rooms/poll_book.h"
#include "rooms/question_board.h"
#include "rooms/reaction_window.h"
#include "rooms/sanctions.h"
#include "rooms/stage.h"

namespace hallcast {
namespace {

v1::User user(const std::string& id, const std::string& name) {
  v1::User u;
  u.set_user_id(id);
  u.set_display_name(name);
  return u;
}

v1::QuestionChange asked(QuestionBoard& board, uint64_t id, const std::string& author, bool anonymous = false,
                         bool premoderated = false) {
  auto change = board.ask(id, user(author, author), "question " + std::to_string(id), anonymous, premoderated, {});
  board.apply(std::get<v1::QuestionChange>(change));
  return std::get<v1::QuestionChange>(change);
}

TEST(QuestionBoard, ListsByVotesThenTimeAndHidesWhatAttendeesMayNotSee) {
  QuestionBoard board;
  asked(board, 1, "a");
  asked(board, 2, "b", /*anonymous=*/true);
  asked(board, 3, "c", false, /*premoderated=*/true);
  board.applyVote(2, "x", true);
  const auto list = board.list("x", false, v1::QUESTION_ORDER_VOTES);
  ASSERT_EQ(list.size(), 2u);  // the pending one is c's and the moderators'
  EXPECT_EQ(list[0].id(), 2u);
  EXPECT_FALSE(list[0].has_author());
  EXPECT_EQ(list[1].id(), 1u);
  EXPECT_EQ(board.list("c", false, v1::QUESTION_ORDER_TIME).size(), 3u);
  EXPECT_EQ(board.list("m", true, v1::QUESTION_ORDER_TIME)[1].author().user_id(), "b");
}

TEST(QuestionBoard, VotesAreOnePerPersonAndOnlyOnVisibleQuestions) {
  QuestionBoard board;
  asked(board, 1, "a");
  asked(board, 2, "b", false, true);
  EXPECT_FALSE(board.checkVote(1, "x", true));
  board.applyVote(1, "x", true);
  EXPECT_EQ(board.checkVote(1, "x", true)->code, v1::ERROR_CODE_ALREADY_EXISTS);
  EXPECT_EQ(board.checkVote(1, "y", false)->code, v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(board.checkVote(2, "x", true)->code, v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(board.checkVote(9, "x", true)->code, v1::ERROR_CODE_NOT_FOUND);
}

TEST(QuestionBoard, PinningOneUnpinsTheOtherAndAnsweringUnpins) {
  QuestionBoard board;
  asked(board, 1, "a");
  asked(board, 2, "b");
  const v1::User mod = user("staff:m", "M");
  board.apply(std::get<v1::QuestionChange>(board.moderate(1, v1::QUESTION_MODERATION_PIN, "", mod)));
  EXPECT_EQ(board.pinned(), 1u);
  board.apply(std::get<v1::QuestionChange>(board.moderate(2, v1::QUESTION_MODERATION_PIN, "", mod)));
  EXPECT_EQ(board.pinned(), 2u);
  board.apply(std::get<v1::QuestionChange>(board.moderate(2, v1::QUESTION_MODERATION_ANSWER, "", mod)));
  EXPECT_EQ(board.pinned(), 0u);
  EXPECT_TRUE(board.find(2)->answered());
  const auto again = board.moderate(2, v1::QUESTION_MODERATION_ANSWER, "", mod);
  EXPECT_EQ(std::get<Rejection>(again).code, v1::ERROR_CODE_FAILED_PRECONDITION);
}

TEST(EventViews, APendingQuestionReachesAttendeesWithoutABodyAndItsAuthorInFull) {
  QuestionBoard board;
  v1::RoomEvent event;
  event.set_room_id("r");
  event.set_seq(7);
  *event.mutable_question() = asked(board, 7, "a", true, true);
  const auto view = attendeeView(event);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->seq(), 7u);
  EXPECT_EQ(view->body_case(), v1::RoomEvent::BODY_NOT_SET);
  EXPECT_EQ(subjectOf(event), "a");
  v1::RoomEvent chat;
  chat.mutable_chat()->set_text("hi");
  EXPECT_FALSE(attendeeView(chat)) << "chat is the same for everyone";
}

TEST(PollBook, OneOpenPollVotesChangeAndCloseIsFinal) {
  PollBook polls;
  const v1::User mod = user("staff:m", "M");
  polls.apply(std::get<v1::PollChange>(polls.create(1, "Q", {"a", "b"}, mod)));
  polls.apply(std::get<v1::PollChange>(polls.create(2, "R", {"c", "d"}, mod)));
  EXPECT_EQ(polls.checkVote(1, 0)->code, v1::ERROR_CODE_NOT_FOUND);  // a draft
  polls.apply(std::get<v1::PollChange>(polls.change(1, v1::POLL_STATE_OPEN, mod)));
  EXPECT_EQ(std::get<Rejection>(polls.change(2, v1::POLL_STATE_OPEN, mod)).code, v1::ERROR_CODE_FAILED_PRECONDITION);
  polls.applyVote(1, "x", 0);
  polls.applyVote(1, "y", 0);
  polls.applyVote(1, "x", 1);  // x changes its mind
  EXPECT_EQ(polls.find(1)->votes(0), 1u);
  EXPECT_EQ(polls.find(1)->votes(1), 1u);
  EXPECT_EQ(polls.find(1)->total_votes(), 2u);
  polls.apply(std::get<v1::PollChange>(polls.change(1, v1::POLL_STATE_CLOSED, mod)));
  EXPECT_EQ(polls.checkVote(1, 0)->code, v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(polls.find(1)->total_votes(), 2u) << "closing keeps the results";
  EXPECT_EQ(polls.list(false).size(), 1u);
  EXPECT_EQ(std::get<Rejection>(polls.create(3, "Q", {"same", "same"}, mod)).code, v1::ERROR_CODE_INVALID_ARGUMENT);
}

v1::SetStage setStage(v1::StageView view, uint64_t poll_id = 0) {
  v1::SetStage request;
  request.set_room_id("main-forum");
  request.set_view(view);
  request.set_poll_id(poll_id);
  return request;
}

TEST(Stage, ShowsQuestionsByDefaultAndOnlyPollsAttendeesCanSee) {
  EXPECT_EQ(defaultStage().view(), v1::STAGE_VIEW_QUESTIONS);
  PollBook polls;
  const v1::User mod = user("staff:m", "M");
  polls.apply(std::get<v1::PollChange>(polls.create(4, "Q", {"a", "b"}, mod)));
  EXPECT_EQ(std::get<Rejection>(stageChange(setStage(v1::STAGE_VIEW_POLL, 4), polls, mod)).code,
            v1::ERROR_CODE_FAILED_PRECONDITION)
      << "a draft is not shown in the hall";
  polls.apply(std::get<v1::PollChange>(polls.change(4, v1::POLL_STATE_OPEN, mod)));
  auto shown = stageChange(setStage(v1::STAGE_VIEW_POLL, 4), polls, mod);
  ASSERT_TRUE(std::holds_alternative<v1::StageChange>(shown));
  EXPECT_EQ(std::get<v1::StageChange>(shown).poll_id(), 4u);
  EXPECT_EQ(std::get<v1::StageChange>(shown).actor().user_id(), "staff:m");
  EXPECT_EQ(std::get<Rejection>(stageChange(setStage(v1::STAGE_VIEW_POLL, 9), polls, mod)).code,
            v1::ERROR_CODE_NOT_FOUND);
  EXPECT_EQ(std::get<Rejection>(stageChange(setStage(v1::STAGE_VIEW_QUESTIONS, 4), polls, mod)).code,
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(std::get<Rejection>(stageChange(setStage(v1::STAGE_VIEW_UNSPECIFIED), polls, mod)).code,
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(std::get<Rejection>(stageChange(setStage(static_cast<v1::StageView>(42)), polls, mod)).code,
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_TRUE(std::holds_alternative<v1::StageChange>(stageChange(setStage(v1::STAGE_VIEW_NEXT_SESSION), polls, mod)));
}

TEST(Sanctions, MutesEndAndTheLongerOfRoomAndEverywhereWins) {
  Sanctions sanctions;
  v1::Sanction mute;
  mute.set_seq(1);
  mute.set_kind(v1::SANCTION_KIND_MUTE);
  mute.mutable_target()->set_user_id("u");
  mute.set_room_id("r");
  mute.mutable_until()->set_seconds(100);
  sanctions.apply(mute);
  EXPECT_EQ(sanctions.mutedUntil("u", "r", 50'000), 100'000);
  EXPECT_FALSE(sanctions.mutedUntil("u", "other", 50'000));
  EXPECT_FALSE(sanctions.mutedUntil("u", "r", 100'000)) << "expired";
  v1::Sanction everywhere = mute;
  everywhere.set_seq(2);
  everywhere.set_room_id("");
  everywhere.clear_until();
  sanctions.apply(everywhere);
  EXPECT_EQ(sanctions.mutedUntil("u", "r", 50'000), 0) << "until lifted";
  EXPECT_EQ(sanctions.inForce("r", 50'000).size(), 2u);
  v1::Sanction unmute = everywhere;
  unmute.set_kind(v1::SANCTION_KIND_UNMUTE);
  sanctions.apply(unmute);
  EXPECT_EQ(sanctions.mutedUntil("u", "r", 50'000), 100'000);
}

TEST(ReactionWindow, SumsTheFixedSetAndRefusesOthers) {
  ReactionWindow window;
  EXPECT_TRUE(window.add("👏"));
  EXPECT_TRUE(window.add("👏"));
  EXPECT_TRUE(window.add("❤"));  // without the variation selector
  EXPECT_FALSE(window.add("💩"));
  const auto taken = window.take("r", 200);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->counts_size(), 2);
  EXPECT_EQ(taken->counts(0).count(), 2u);
  EXPECT_EQ(taken->counts(1).emoji(), "❤️");
  EXPECT_FALSE(window.take("r", 200)) << "a fresh window";
}

}  // namespace
}  // namespace hallcast
