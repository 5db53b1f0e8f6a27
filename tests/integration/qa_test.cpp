// Q&A over the real protocol, several people at once: asking, voting, the
// order that follows votes, pre-moderation, answers and the pinned question,
// and all of it after a restart.

#include "support/interaction.h"

namespace hallcast::test {
namespace {

bool isQuestion(const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_question(); }

class QaTest : public InteractionTest {
 protected:
  void SetUp() override { startInteractionHub(); }
};

TEST_F(QaTest, OthersSeeTheQuestionAndTheOrderFollowsVotes) {
  auto alice = attendeeIn("main-forum", "Alice");
  auto bob = attendeeIn("main-forum", "Bob");
  auto carol = attendeeIn("main-forum", "Carol");

  const uint64_t first = appliedSeq(alice->request(askRequest("main-forum", "  How will the fund be governed?  ")));
  const uint64_t second = appliedSeq(bob->request(askRequest("main-forum", "When do applications open?")));
  const auto seen = carol->waitFor([&](const v1::ServerEvent& e) {
    return isQuestion(e) && e.room_event().question().question().id() == second;
  });
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->room_event().question().question().author().display_name(), "Bob");
  EXPECT_EQ(seen->room_event().question().question().status(), v1::QUESTION_STATUS_VISIBLE);

  // Two votes for the second question, one for the first.
  for (auto* voter : {alice.get(), carol.get()}) {
    const v1::ServerEvent voted = voter->request(voteQuestionRequest("main-forum", second));
    ASSERT_TRUE(voted.has_ack() && voted.ack().has_voted()) << voted.DebugString();
  }
  EXPECT_EQ(bob->request(voteQuestionRequest("main-forum", first)).ack().voted().votes(), 1u);

  const v1::ServerEvent by_votes = bob->request(listQuestionsRequest("main-forum", v1::QUESTION_ORDER_VOTES));
  ASSERT_EQ(by_votes.ack().question_list().questions_size(), 2) << by_votes.DebugString();
  EXPECT_EQ(by_votes.ack().question_list().questions(0).id(), second);
  EXPECT_EQ(by_votes.ack().question_list().questions(0).votes(), 2u);
  EXPECT_EQ(by_votes.ack().question_list().questions(0).text(), "When do applications open?");
  EXPECT_EQ(by_votes.ack().question_list().questions(1).text(), "How will the fund be governed?");
  const v1::ServerEvent by_time = bob->request(listQuestionsRequest("main-forum", v1::QUESTION_ORDER_TIME));
  EXPECT_EQ(by_time.ack().question_list().questions(0).id(), first);

  // Everyone sees the counts, coalesced.
  const auto tally = bob->waitFor([&](const v1::ServerEvent& e) {
    if (!e.has_tally()) return false;
    for (const auto& q : e.tally().questions()) {
      if (q.question_id() == second && q.votes() == 2) return true;
    }
    return false;
  });
  EXPECT_TRUE(tally) << "no tally with 2 votes for question " << second;

  // One vote per person; a vote taken back can be given again.
  EXPECT_EQ(errorCode(alice->request(voteQuestionRequest("main-forum", second))), v1::ERROR_CODE_ALREADY_EXISTS);
  EXPECT_EQ(alice->request(voteQuestionRequest("main-forum", second, false)).ack().voted().votes(), 1u);
  EXPECT_EQ(errorCode(alice->request(voteQuestionRequest("main-forum", second, false))),
            v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(alice->request(voteQuestionRequest("main-forum", second)).ack().voted().votes(), 2u);
}

TEST_F(QaTest, BadQuestionsAndVotesAreRefusedAndChangeNothing) {
  auto alice = attendeeIn("main-forum", "Alice");
  auto bob = attendeeIn("main-forum", "Bob");
  EXPECT_EQ(errorCode(alice->request(askRequest("main-forum", std::string(301, 'x')))),
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(errorCode(alice->request(askRequest("main-forum", " \n "))), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(errorCode(alice->request(askRequest("no-such-room", "hello?"))), v1::ERROR_CODE_NOT_FOUND);
  EXPECT_EQ(errorCode(alice->request(askRequest("panel-a", "not joined"))), v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(errorCode(alice->request(voteQuestionRequest("main-forum", 99))), v1::ERROR_CODE_NOT_FOUND);

  // 300 characters of Chinese are fine (characters, not bytes).
  std::string chinese;
  for (int i = 0; i < 300; ++i) chinese += "问";
  const uint64_t id = appliedSeq(alice->request(askRequest("main-forum", chinese)));
  // Only its author withdraws it; then it takes no votes.
  EXPECT_EQ(errorCode(bob->request(withdrawRequest("main-forum", id))), v1::ERROR_CODE_PERMISSION_DENIED);
  appliedSeq(alice->request(withdrawRequest("main-forum", id)));
  const auto gone = bob->waitFor([&](const v1::ServerEvent& e) {
    return isQuestion(e) && e.room_event().question().question().status() == v1::QUESTION_STATUS_WITHDRAWN;
  });
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->room_event().question().question().text().empty()) << "a withdrawn question's text was sent";
  EXPECT_EQ(errorCode(bob->request(voteQuestionRequest("main-forum", id))), v1::ERROR_CODE_NOT_FOUND);
  EXPECT_EQ(errorCode(alice->request(withdrawRequest("main-forum", id))), v1::ERROR_CODE_NOT_FOUND);
  EXPECT_EQ(bob->request(listQuestionsRequest("main-forum", v1::QUESTION_ORDER_VOTES)).ack().question_list().questions_size(),
            0);
}

TEST_F(QaTest, PreModerationHidesUntilApprovalAndAnonymityHidesTheAuthor) {
  auto moderator = staffIn("main-forum", "moderator", "Li Wei");
  auto alice = attendeeIn("main-forum", "Alice");
  auto bob = attendeeIn("main-forum", "Bob");
  appliedSeq(moderator->request(settingsRequest("main-forum", true, std::nullopt)));
  const auto settings = bob->waitFor([](const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_settings(); });
  ASSERT_TRUE(settings);
  EXPECT_TRUE(settings->room_event().settings().premoderation());
  EXPECT_FALSE(settings->room_event().settings().has_actor()) << "attendees are not told which moderator";

  const uint64_t id = appliedSeq(alice->request(askRequest("main-forum", "Is the data open?", /*anonymous=*/true)));
  // The moderator sees it, with its author; Bob gets its seq and no body.
  const auto pending = moderator->waitFor([&](const v1::ServerEvent& e) { return isQuestion(e); });
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->room_event().question().question().status(), v1::QUESTION_STATUS_PENDING);
  EXPECT_EQ(pending->room_event().question().question().author().display_name(), "Alice");
  const auto hidden = bob->waitFor([&](const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().seq() == id; });
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->room_event().body_case(), v1::RoomEvent::BODY_NOT_SET) << hidden->DebugString();
  EXPECT_EQ(bob->request(listQuestionsRequest("main-forum", v1::QUESTION_ORDER_TIME)).ack().question_list().questions_size(), 0);
  // The author sees its own question waiting.
  const auto own = alice->request(listQuestionsRequest("main-forum", v1::QUESTION_ORDER_TIME));
  ASSERT_EQ(own.ack().question_list().questions_size(), 1);
  EXPECT_EQ(own.ack().question_list().questions(0).status(), v1::QUESTION_STATUS_PENDING);
  EXPECT_EQ(errorCode(bob->request(voteQuestionRequest("main-forum", id))), v1::ERROR_CODE_FAILED_PRECONDITION);

  // Approved with an edit: Bob sees the edited text, not who asked.
  appliedSeq(moderator->request(moderateRequest("main-forum", id, v1::QUESTION_MODERATION_APPROVE, "Will the data be open?")));
  const auto approved = bob->waitFor([&](const v1::ServerEvent& e) { return isQuestion(e); });
  ASSERT_TRUE(approved);
  const v1::Question& q = approved->room_event().question().question();
  EXPECT_EQ(q.status(), v1::QUESTION_STATUS_VISIBLE);
  EXPECT_EQ(q.text(), "Will the data be open?");
  EXPECT_TRUE(q.edited());
  EXPECT_TRUE(q.anonymous());
  EXPECT_FALSE(q.has_author()) << "an anonymous author reached an attendee";
  EXPECT_FALSE(approved->room_event().question().has_actor());

  // Pinned as "now answering", replied to and answered: everyone sees each.
  appliedSeq(moderator->request(moderateRequest("main-forum", id, v1::QUESTION_MODERATION_PIN)));
  const auto pinned = bob->waitFor([&](const v1::ServerEvent& e) { return isQuestion(e); });
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->room_event().question().pinned_question_id(), id);
  appliedSeq(moderator->request(moderateRequest("main-forum", id, v1::QUESTION_MODERATION_REPLY, "Yes, under CC BY.")));
  appliedSeq(moderator->request(moderateRequest("main-forum", id, v1::QUESTION_MODERATION_ANSWER)));
  const auto answered = alice->waitFor([&](const v1::ServerEvent& e) {
    return isQuestion(e) && e.room_event().question().question().answered();
  });
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->room_event().question().question().reply(), "Yes, under CC BY.");
  EXPECT_EQ(answered->room_event().question().pinned_question_id(), 0u) << "answered: no longer being answered";

  // A rejected question disappears for attendees.
  const uint64_t rude = appliedSeq(bob->request(askRequest("main-forum", "something rude")));
  appliedSeq(moderator->request(moderateRequest("main-forum", rude, v1::QUESTION_MODERATION_REJECT)));
  EXPECT_EQ(errorCode(moderator->request(moderateRequest("main-forum", rude, v1::QUESTION_MODERATION_PIN))),
            v1::ERROR_CODE_FAILED_PRECONDITION);
  const v1::RoomState seen_by_alice = joinState(*alice, "main-forum");
  ASSERT_EQ(seen_by_alice.questions_size(), 1);
  EXPECT_EQ(seen_by_alice.questions(0).id(), id);
  EXPECT_EQ(joinState(*moderator, "main-forum").questions_size(), 2);
}

TEST_F(QaTest, ARestartInTheMiddleChangesNothingPeopleSee) {
  const std::string token = mintToken(config_.string(), "moderator", "Li Wei");
  auto moderator = withToken(token);
  moderator->join("main-forum");
  auto alice = attendeeIn("main-forum", "Alice");
  auto bob = std::make_unique<WsClient>(hub_->port());
  ASSERT_TRUE(bob->connect());
  const std::string bob_resume = bob->hello("Bob").ack().welcome().resume_token();
  bob->join("main-forum");
  const uint64_t q1 = appliedSeq(alice->request(askRequest("main-forum", "First question")));
  const uint64_t q2 = appliedSeq(alice->request(askRequest("main-forum", "Second question")));
  bob->request(voteQuestionRequest("main-forum", q2));
  moderator->request(voteQuestionRequest("main-forum", q2));
  appliedSeq(moderator->request(moderateRequest("main-forum", q2, v1::QUESTION_MODERATION_PIN)));
  appliedSeq(moderator->request(moderateRequest("main-forum", q1, v1::QUESTION_MODERATION_ANSWER)));
  appliedSeq(moderator->request(settingsRequest("main-forum", true, 5)));
  const uint64_t pending = appliedSeq(bob->request(askRequest("main-forum", "Waiting for approval")));
  const v1::RoomState before = joinState(*moderator, "main-forum");

  hub().kill9();
  hub().start();

  auto moderator2 = withToken(token);  // the same person, the same token
  const v1::RoomState after = joinState(*moderator2, "main-forum");
  EXPECT_EQ(after.DebugString(), before.DebugString());
  EXPECT_TRUE(after.premoderation());
  EXPECT_EQ(after.slow_mode_seconds(), 5u);
  EXPECT_EQ(after.pinned_question_id(), q2);
  ASSERT_EQ(after.questions_size(), 3);
  EXPECT_TRUE(after.questions(0).answered());
  EXPECT_EQ(after.questions(1).votes(), 2u);
  EXPECT_EQ(after.questions(2).id(), pending);
  EXPECT_EQ(after.questions(2).status(), v1::QUESTION_STATUS_PENDING);
  // The moderator's own vote is still theirs: a second one is refused.
  ASSERT_EQ(after.my_question_votes_size(), 1);
  EXPECT_EQ(after.my_question_votes(0), q2);
  EXPECT_EQ(errorCode(moderator2->request(voteQuestionRequest("main-forum", q2))), v1::ERROR_CODE_ALREADY_EXISTS);
  // Bob, back as the same guest: his vote and his pending question are his.
  auto bob2 = std::make_unique<WsClient>(hub_->port());
  ASSERT_TRUE(bob2->connect());
  v1::ClientMessage resume;
  resume.mutable_hello()->set_resume_token(bob_resume);
  ASSERT_TRUE(bob2->request(resume).has_ack());
  const v1::RoomState bobs = joinState(*bob2, "main-forum");
  ASSERT_EQ(bobs.my_question_votes_size(), 1);
  EXPECT_EQ(bobs.my_question_votes(0), q2);
  ASSERT_EQ(bobs.questions_size(), 3) << "Bob sees the approved questions and his own pending one";
  EXPECT_EQ(bobs.questions(2).status(), v1::QUESTION_STATUS_PENDING);
  // An attendee joining now sees the approved questions only.
  auto dave = greeted("Dave");
  const v1::RoomState attendee = joinState(*dave, "main-forum");
  EXPECT_EQ(attendee.questions_size(), 2);
  EXPECT_EQ(attendee.pinned_question_id(), q2);
}

// The "done when": an attendee, a moderator and an admin run a panel
// session's Q&A, poll and chat; the hub is killed in the middle; each comes
// back (the guest with its resume token, staff with their tokens) to the
// same room state, and the session goes on.
TEST_F(QaTest, AFullPanelSessionWithARestartInTheMiddle) {
  const std::string moderator_token = mintToken(config_.string(), "moderator", "Li Wei", {"--rooms", "panel-a"});
  const std::string admin_token = mintToken(config_.string(), "admin", "Zhang Min");
  auto moderator = withToken(moderator_token);
  auto admin = withToken(admin_token);
  auto guest = std::make_unique<WsClient>(hub_->port());
  ASSERT_TRUE(guest->connect());
  const std::string resume = guest->hello("Chen Jie").ack().welcome().resume_token();
  for (auto* c : {moderator.get(), admin.get(), guest.get()}) ASSERT_TRUE(c->join("panel-a").has_ack());

  appliedSeq(moderator->request(settingsRequest("panel-a", true, std::nullopt)));
  const uint64_t poll = appliedSeq(moderator->request(createPollRequest("panel-a", "Best format?", {"Talks", "Panels"})));
  appliedSeq(moderator->request(changePollRequest("panel-a", poll, v1::POLL_STATE_OPEN)));
  ASSERT_TRUE(guest->chat("panel-a", "Hello from Shenzhen").has_ack());
  const uint64_t question = appliedSeq(guest->request(askRequest("panel-a", "How do startups apply?")));
  ASSERT_TRUE(guest->request(votePollRequest("panel-a", poll, 1)).has_ack());
  appliedSeq(moderator->request(moderateRequest("panel-a", question, v1::QUESTION_MODERATION_APPROVE)));
  ASSERT_TRUE(admin->request(voteQuestionRequest("panel-a", question)).has_ack());
  appliedSeq(moderator->request(moderateRequest("panel-a", question, v1::QUESTION_MODERATION_PIN)));
  const v1::RoomState guest_before = joinState(*guest, "panel-a");
  const v1::RoomState moderator_before = joinState(*moderator, "panel-a");
  const v1::RoomState admin_before = joinState(*admin, "panel-a");
  const uint64_t head = guest->join("panel-a").ack().joined().head_seq();

  hub().kill9();
  hub().start();

  auto moderator2 = withToken(moderator_token);
  auto admin2 = withToken(admin_token);
  auto guest2 = std::make_unique<WsClient>(hub_->port());
  ASSERT_TRUE(guest2->connect());
  v1::ClientMessage hello;
  hello.mutable_hello()->set_resume_token(resume);
  ASSERT_EQ(guest2->request(hello).ack().welcome().user().display_name(), "Chen Jie");
  // Resuming from the last seq seen: nothing missed, nothing replayed.
  const v1::ServerEvent resumed = guest2->join("panel-a", head);
  EXPECT_FALSE(resumed.ack().joined().missed_events());
  EXPECT_EQ(resumed.ack().joined().head_seq(), head);
  EXPECT_EQ(resumed.ack().joined().state().DebugString(), guest_before.DebugString());
  EXPECT_EQ(joinState(*moderator2, "panel-a").DebugString(), moderator_before.DebugString());
  EXPECT_EQ(joinState(*admin2, "panel-a").DebugString(), admin_before.DebugString());
  EXPECT_EQ(guest_before.pinned_question_id(), question);
  ASSERT_EQ(guest_before.my_poll_votes_size(), 1);

  // The session goes on where it was.
  EXPECT_EQ(errorCode(guest2->request(votePollRequest("panel-a", poll, 0))), v1::ERROR_CODE_UNSPECIFIED);
  appliedSeq(moderator2->request(moderateRequest("panel-a", question, v1::QUESTION_MODERATION_ANSWER)));
  appliedSeq(moderator2->request(changePollRequest("panel-a", poll, v1::POLL_STATE_CLOSED)));
  const auto closed = guest2->waitFor([&](const v1::ServerEvent& e) {
    return e.has_room_event() && e.room_event().has_poll() && e.room_event().poll().kind() == v1::PollChange::KIND_CLOSED;
  });
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->room_event().poll().poll().votes(0), 1u) << "the changed vote counts once";
  EXPECT_EQ(closed->room_event().poll().poll().total_votes(), 1u);
}

// The press conference (press_only_questions): accredited press ask, named
// with their outlet; attendees and staff are refused with the reason; a
// press token is no staff token, and press can be muted like anyone.
TEST_F(QaTest, OnlyAccreditedPressAskAtThePressConference) {
  const std::string room = "press-conference";
  auto attendee = attendeeIn(room, "Alice");
  const v1::ServerEvent refused = attendee->request(askRequest(room, "Can I ask too?"));
  ASSERT_EQ(errorCode(refused), v1::ERROR_CODE_PERMISSION_DENIED) << refused.DebugString();
  EXPECT_NE(refused.error().message().find("accredited press"), std::string::npos) << refused.error().message();
  auto moderator = staffIn(room, "moderator", "Li Wei");
  EXPECT_EQ(errorCode(moderator->request(askRequest(room, "A staff question?"))), v1::ERROR_CODE_PERMISSION_DENIED);

  auto journalist = staff("press", "Li Na", {"--outlet", "Xinhua News Agency"});
  ASSERT_TRUE(journalist->join(room).has_ack());
  EXPECT_EQ(errorCode(journalist->request(askRequest(room, "Anonymous?", true))), v1::ERROR_CODE_INVALID_ARGUMENT)
      << "press questions carry the journalist's name";
  const uint64_t id = appliedSeq(journalist->request(askRequest(room, "When will the park open to visitors?")));
  const auto seen = attendee->waitFor([&](const v1::ServerEvent& e) {
    return isQuestion(e) && e.room_event().question().question().id() == id;
  });
  ASSERT_TRUE(seen);
  const v1::User& author = seen->room_event().question().question().author();
  EXPECT_EQ(author.display_name(), "Li Na");
  EXPECT_EQ(author.outlet(), "Xinhua News Agency");
  EXPECT_EQ(author.role(), v1::ROLE_PRESS);
  EXPECT_TRUE(author.user_id().starts_with("press:")) << author.user_id();
  // Everyone else may still vote on it.
  EXPECT_TRUE(attendee->request(voteQuestionRequest(room, id)).ack().has_voted());

  // Elsewhere the press are attendees: they ask like anyone, and have no staff rights.
  ASSERT_TRUE(journalist->join("main-forum").has_ack());
  appliedSeq(journalist->request(askRequest("main-forum", "And a question here")));
  EXPECT_EQ(errorCode(journalist->request(moderateRequest(room, id, v1::QUESTION_MODERATION_PIN))),
            v1::ERROR_CODE_PERMISSION_DENIED);
  // A press token for another room does not cover this one.
  auto elsewhere = staff("press", "Wang Fang", {"--outlet", "CGTN", "--rooms", "main-forum"});
  ASSERT_TRUE(elsewhere->join(room).has_ack());
  EXPECT_EQ(errorCode(elsewhere->request(askRequest(room, "Mine?"))), v1::ERROR_CODE_PERMISSION_DENIED);
  // Moderators may mute a journalist.
  appliedSeq(moderator->request(sanctionRequest(v1::SANCTION_KIND_MUTE, author.user_id(), room, 60)));
  EXPECT_EQ(errorCode(journalist->request(askRequest(room, "Muted?"))), v1::ERROR_CODE_PERMISSION_DENIED);
}

}  // namespace
}  // namespace hallcast::test
