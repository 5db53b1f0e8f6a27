// Polls and reactions over the real protocol: a poll's life from draft to
// final results, live results coalesced, and reactions summed per window.

#include "support/interaction.h"

namespace hallcast::test {
namespace {

bool isPoll(const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_poll(); }

class PollsTest : public InteractionTest {
 protected:
  // The matrix and the reaction bursts send more than the default rate limit allows.
  void SetUp() override { startInteractionHub("  requests_per_second: 1000\n  request_burst: 1000\n"); }
};

TEST_F(PollsTest, APollFromDraftToFinalResults) {
  auto moderator = staffIn("main-forum", "moderator", "Li Wei");
  auto alice = attendeeIn("main-forum", "Alice");
  auto bob = attendeeIn("main-forum", "Bob");
  EXPECT_EQ(errorCode(moderator->request(createPollRequest("main-forum", "Which?", {"only one"}))),
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(errorCode(moderator->request(createPollRequest("main-forum", "Which?", {"a", "b", "c", "d", "e", "f", "g"}))),
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(errorCode(moderator->request(createPollRequest("main-forum", "Which?", {"a", ""}))),
            v1::ERROR_CODE_INVALID_ARGUMENT);
  const uint64_t poll = appliedSeq(
      moderator->request(createPollRequest("main-forum", "Which topic next?", {"Gene therapy", "AI in drug design", "Biobanks"})));
  // A draft is the moderators' own: attendees get its seq without a body.
  const auto draft = alice->waitFor([&](const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().seq() == poll; });
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->room_event().body_case(), v1::RoomEvent::BODY_NOT_SET);
  EXPECT_EQ(errorCode(alice->request(votePollRequest("main-forum", poll, 0))), v1::ERROR_CODE_NOT_FOUND);

  appliedSeq(moderator->request(changePollRequest("main-forum", poll, v1::POLL_STATE_OPEN)));
  const auto opened = alice->waitFor(isPoll);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->room_event().poll().poll().options_size(), 3);
  const uint64_t second = appliedSeq(moderator->request(createPollRequest("main-forum", "Another?", {"yes", "no"})));
  EXPECT_EQ(errorCode(moderator->request(changePollRequest("main-forum", second, v1::POLL_STATE_OPEN))),
            v1::ERROR_CODE_FAILED_PRECONDITION);

  EXPECT_EQ(alice->request(votePollRequest("main-forum", poll, 1)).ack().voted().votes(), 1u);
  EXPECT_EQ(bob->request(votePollRequest("main-forum", poll, 1)).ack().voted().votes(), 2u);
  EXPECT_EQ(errorCode(bob->request(votePollRequest("main-forum", poll, 3))), v1::ERROR_CODE_INVALID_ARGUMENT);
  // Bob changes his mind: one vote each.
  EXPECT_EQ(bob->request(votePollRequest("main-forum", poll, 2)).ack().voted().votes(), 1u);
  const auto live = moderator->waitFor([&](const v1::ServerEvent& e) {
    if (!e.has_tally()) return false;
    for (const auto& p : e.tally().polls()) {
      if (p.id() == poll && p.total_votes() == 2 && p.votes(1) == 1 && p.votes(2) == 1) return true;
    }
    return false;
  });
  EXPECT_TRUE(live) << "no live result with one vote each for options 1 and 2";

  appliedSeq(moderator->request(changePollRequest("main-forum", poll, v1::POLL_STATE_CLOSED)));
  const auto closed = bob->waitFor([&](const v1::ServerEvent& e) {
    return isPoll(e) && e.room_event().poll().kind() == v1::PollChange::KIND_CLOSED;
  });
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->room_event().poll().poll().total_votes(), 2u);
  const v1::ServerEvent late = alice->request(votePollRequest("main-forum", poll, 0));
  EXPECT_EQ(errorCode(late), v1::ERROR_CODE_FAILED_PRECONDITION) << late.DebugString();

  // Results are kept: after a restart they are the same.
  hub().kill9();
  hub().start();
  auto carol = greeted("Carol");
  const v1::RoomState state = joinState(*carol, "main-forum");
  ASSERT_EQ(state.polls_size(), 1) << "a draft was shown to an attendee: " << state.DebugString();
  EXPECT_EQ(state.polls(0).state(), v1::POLL_STATE_CLOSED);
  EXPECT_EQ(state.polls(0).votes(1), 1u);
  EXPECT_EQ(state.polls(0).votes(2), 1u);
}

// The hall's stage display is an attendee page: it learns what to show from
// the room's events and its joined state, and keeps it across restarts.
TEST_F(PollsTest, ModeratorsChooseWhatTheStageDisplayShows) {
  auto moderator = staffIn("main-forum", "moderator", "Li Wei");
  auto stage = attendeeIn("main-forum", "Stage display");
  EXPECT_EQ(joinState(*stage, "main-forum").stage().view(), v1::STAGE_VIEW_QUESTIONS);
  const uint64_t poll = appliedSeq(moderator->request(createPollRequest("main-forum", "Which topic?", {"a", "b"})));
  const v1::ServerEvent draft = moderator->request(setStageRequest("main-forum", v1::STAGE_VIEW_POLL, poll));
  EXPECT_EQ(errorCode(draft), v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_NE(draft.error().message().find("draft"), std::string::npos) << draft.error().message();
  EXPECT_EQ(errorCode(stage->request(setStageRequest("main-forum", v1::STAGE_VIEW_NEXT_SESSION))),
            v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_EQ(errorCode(moderator->request(setStageRequest("main-forum", v1::STAGE_VIEW_UNSPECIFIED))),
            v1::ERROR_CODE_INVALID_ARGUMENT);

  appliedSeq(moderator->request(changePollRequest("main-forum", poll, v1::POLL_STATE_OPEN)));
  const uint64_t seq = appliedSeq(moderator->request(setStageRequest("main-forum", v1::STAGE_VIEW_POLL, poll)));
  const auto shown = stage->waitFor([&](const v1::ServerEvent& e) {
    return e.has_room_event() && e.room_event().seq() == seq;
  });
  ASSERT_TRUE(shown);
  ASSERT_TRUE(shown->room_event().has_stage()) << shown->DebugString();
  EXPECT_EQ(shown->room_event().stage().view(), v1::STAGE_VIEW_POLL);
  EXPECT_EQ(shown->room_event().stage().poll_id(), poll);
  EXPECT_FALSE(shown->room_event().stage().has_actor()) << "attendees do not see which moderator chose";

  hub().kill9();
  hub().start();
  auto again = greeted("Stage display");
  const v1::RoomState state = joinState(*again, "main-forum");
  EXPECT_EQ(state.stage().view(), v1::STAGE_VIEW_POLL);
  EXPECT_EQ(state.stage().poll_id(), poll);
}

TEST_F(PollsTest, ReactionsArriveSummedInAFewMessages) {
  auto watcher = attendeeIn("main-forum", "Watcher");
  std::vector<std::unique_ptr<WsClient>> hall;
  for (int i = 0; i < 3; ++i) hall.push_back(attendeeIn("main-forum", "Clapper " + std::to_string(i)));
  EXPECT_EQ(errorCode(hall[0]->request(reactRequest("main-forum", "💩"))), v1::ERROR_CODE_INVALID_ARGUMENT);
  constexpr int kEach = 20;
  for (auto& client : hall) {
    for (int i = 0; i < kEach; ++i) client->send(reactRequest("main-forum", i % 4 == 0 ? "🎉" : "👏"));
  }
  uint32_t claps = 0;
  uint32_t parties = 0;
  int messages = 0;
  while (claps + parties < 3 * kEach) {
    const auto e = watcher->waitFor([](const v1::ServerEvent& e) { return e.has_reactions(); }, 3s);
    ASSERT_TRUE(e) << "reactions counted so far: " << claps + parties;
    ++messages;
    EXPECT_LE(e->reactions().window_ms(), 250u) << "the issue allows windows of at most 250 ms";
    for (const auto& count : e->reactions().counts()) {
      if (count.emoji() == "👏") claps += count.count();
      if (count.emoji() == "🎉") parties += count.count();
    }
  }
  EXPECT_EQ(claps, 3u * kEach * 3 / 4);
  EXPECT_EQ(parties, 3u * kEach / 4);
  EXPECT_LT(messages, 3 * kEach / 4) << "reactions were not aggregated";
}

}  // namespace
}  // namespace hallcast::test
