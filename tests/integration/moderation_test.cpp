// Chat moderation and the permission matrix over the real protocol: deleting
// and pinning messages, slow mode, mutes and bans that take effect and
// expire, announcements, and every privileged operation refused to those who
// may not.

#include <map>

#include "support/http_client.h"
#include "support/interaction.h"

namespace hallcast::test {
namespace {

class ModerationTest : public InteractionTest {
 protected:
  // The matrix and the reaction bursts send more than the default rate limit allows.
  void SetUp() override { startInteractionHub("  requests_per_second: 1000\n  request_burst: 1000\n"); }

  // Greeted (remembering the user id) and joined.
  std::unique_ptr<WsClient> person(const std::string& room, const std::string& name) {
    auto client = std::make_unique<WsClient>(hub_->port());
    EXPECT_TRUE(client->connect());
    const v1::ServerEvent welcome = client->hello(name);
    user_ids_[client.get()] = welcome.ack().welcome().user().user_id();
    resume_tokens_[client.get()] = welcome.ack().welcome().resume_token();
    EXPECT_TRUE(client->join(room).has_ack());
    return client;
  }

  std::map<WsClient*, std::string> user_ids_;
  std::map<WsClient*, std::string> resume_tokens_;
};

TEST_F(ModerationTest, ADeletedMessageIsGoneForEveryoneAndAPinnedOneIsShown) {
  auto moderator = staffIn("main-forum", "moderator", "Li Wei");
  auto alice = person("main-forum", "Alice");
  auto bob = person("main-forum", "Bob");
  const uint64_t spam = alice->chat("main-forum", "buy cheap tickets").ack().chat_accepted().seq();
  const uint64_t good = alice->chat("main-forum", "Slides are on the event site").ack().chat_accepted().seq();

  appliedSeq(moderator->request(deleteChatRequest("main-forum", spam)));
  const auto deleted = bob->waitFor([&](const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_chat_deleted(); });
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->room_event().chat_deleted().chat_seq(), spam);
  EXPECT_EQ(errorCode(moderator->request(deleteChatRequest("main-forum", spam))), v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(errorCode(moderator->request(deleteChatRequest("main-forum", 999))), v1::ERROR_CODE_NOT_FOUND);

  appliedSeq(moderator->request(pinChatRequest("main-forum", good)));
  // Someone joining now: the deleted text is not in the history, the pin is.
  auto carol = greeted("Carol");
  const v1::ServerEvent joined = carol->join("main-forum");
  bool saw_spam = false;
  for (const auto& e : joined.ack().joined().recent()) {
    if (e.seq() == spam) {
      saw_spam = true;
      EXPECT_TRUE(e.chat().deleted());
      EXPECT_TRUE(e.chat().text().empty()) << "deleted text was sent to a late joiner";
    }
  }
  EXPECT_TRUE(saw_spam);
  EXPECT_EQ(joined.ack().joined().state().pinned_chat().seq(), good);
  EXPECT_EQ(joined.ack().joined().state().pinned_chat().chat().text(), "Slides are on the event site");
}

TEST_F(ModerationTest, SlowModeAndMutesTakeEffectAndExpire) {
  auto moderator = staffIn("main-forum", "moderator", "Li Wei");
  auto alice = person("main-forum", "Alice");
  alice->join("panel-a");
  appliedSeq(moderator->request(settingsRequest("main-forum", std::nullopt, 1)));
  EXPECT_TRUE(alice->chat("main-forum", "one").has_ack());
  const v1::ServerEvent slowed = alice->chat("main-forum", "two");
  ASSERT_EQ(errorCode(slowed), v1::ERROR_CODE_RATE_LIMITED) << slowed.DebugString();
  EXPECT_GT(slowed.error().retry_after_ms(), 0u);
  EXPECT_LE(slowed.error().retry_after_ms(), 1000u);
  EXPECT_NE(slowed.error().message().find("slow mode"), std::string::npos);
  EXPECT_TRUE(moderator->chat("main-forum", "moderators are not slowed").has_ack());
  EXPECT_TRUE(moderator->chat("main-forum", "at all").has_ack());
  std::this_thread::sleep_for(std::chrono::milliseconds(slowed.error().retry_after_ms() + 50));
  EXPECT_TRUE(alice->chat("main-forum", "two, later").has_ack());
  appliedSeq(moderator->request(settingsRequest("main-forum", std::nullopt, 0)));

  // Muted in the main forum for 2 s: not in panel-a, and told when it ends.
  const std::string alice_id = user_ids_.at(alice.get());
  appliedSeq(moderator->request(sanctionRequest(v1::SANCTION_KIND_MUTE, alice_id, "main-forum", 2)));
  const auto told = alice->waitFor([](const v1::ServerEvent& e) { return e.has_sanction(); });
  ASSERT_TRUE(told);
  EXPECT_EQ(told->sanction().kind(), v1::SANCTION_KIND_MUTE);
  const v1::ServerEvent muted = alice->chat("main-forum", "hello?");
  ASSERT_EQ(errorCode(muted), v1::ERROR_CODE_PERMISSION_DENIED) << muted.DebugString();
  EXPECT_NE(muted.error().message().find("muted"), std::string::npos);
  EXPECT_EQ(errorCode(alice->request(askRequest("main-forum", "may I ask?"))), v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_TRUE(alice->chat("panel-a", "still fine here").has_ack());
  EXPECT_TRUE(joinState(*moderator, "main-forum").sanctions_size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(muted.error().retry_after_ms() + 100));
  EXPECT_TRUE(alice->chat("main-forum", "back").has_ack());

  // Muted everywhere until lifted.
  appliedSeq(moderator->request(sanctionRequest(v1::SANCTION_KIND_MUTE, alice_id, "")));
  EXPECT_EQ(errorCode(alice->chat("panel-a", "x")), v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_TRUE(joinState(*alice, "panel-a").muted());
  appliedSeq(moderator->request(sanctionRequest(v1::SANCTION_KIND_UNMUTE, alice_id, "")));
  EXPECT_TRUE(alice->chat("panel-a", "unmuted").has_ack());
  EXPECT_EQ(errorCode(moderator->request(sanctionRequest(v1::SANCTION_KIND_UNMUTE, alice_id, ""))),
            v1::ERROR_CODE_FAILED_PRECONDITION);
}

TEST_F(ModerationTest, ABanDisconnectsAndAnnouncementsReachEveryRoom) {
  auto admin = staffIn("main-forum", "admin", "Zhang Min");
  auto alice = person("main-forum", "Alice");
  auto bob = person("panel-a", "Bob");
  appliedSeq(admin->request(announceRequest("", "Lunch is served in hall B")));
  for (auto* client : {alice.get(), bob.get()}) {
    const auto a = client->waitFor([](const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_announcement(); });
    ASSERT_TRUE(a);
    EXPECT_EQ(a->room_event().announcement().text(), "Lunch is served in hall B");
    EXPECT_TRUE(a->room_event().announcement().all_rooms());
  }
  appliedSeq(admin->request(sanctionRequest(v1::SANCTION_KIND_BAN, user_ids_.at(bob.get()), "", 60)));
  EXPECT_EQ(bob->waitClosed(), 1008);
  EXPECT_NE(bob->closeReason().find("banned"), std::string::npos);
  // Coming back as the same guest is refused.
  WsClient again(hub_->port());
  ASSERT_TRUE(again.connect());
  v1::ClientMessage hello;
  hello.mutable_hello()->set_resume_token(resume_tokens_.at(bob.get()));
  again.send(hello);
  EXPECT_EQ(again.waitClosed(), 1008);
  EXPECT_NE(again.closeReason().find("banned"), std::string::npos);
  EXPECT_EQ(errorCode(admin->request(sanctionRequest(v1::SANCTION_KIND_BAN, "u_x", "main-forum"))),
            v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(errorCode(admin->request(sanctionRequest(v1::SANCTION_KIND_MUTE, "staff:someone", ""))),
            v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_TRUE(alice->chat("main-forum", "still here").has_ack());
}

// Every privileged operation, tried by those who may not: an attendee, a
// technician, and a moderator whose token covers panel-a only (in the main
// forum, and event-wide).
TEST_F(ModerationTest, PermissionMatrix) {
  auto moderator = staffIn("main-forum", "moderator", "Li Wei");
  auto alice = person("main-forum", "Alice");
  const uint64_t question = appliedSeq(alice->request(askRequest("main-forum", "a question")));
  const uint64_t chat = alice->chat("main-forum", "a message").ack().chat_accepted().seq();
  const uint64_t poll = appliedSeq(moderator->request(createPollRequest("main-forum", "Which?", {"a", "b"})));
  const std::string alice_id = user_ids_.at(alice.get());

  const std::vector<std::pair<std::string, v1::ClientMessage>> room_operations = {
      {"approve", moderateRequest("main-forum", question, v1::QUESTION_MODERATION_APPROVE)},
      {"reject", moderateRequest("main-forum", question, v1::QUESTION_MODERATION_REJECT)},
      {"edit", moderateRequest("main-forum", question, v1::QUESTION_MODERATION_EDIT, "edited")},
      {"answer", moderateRequest("main-forum", question, v1::QUESTION_MODERATION_ANSWER)},
      {"reply", moderateRequest("main-forum", question, v1::QUESTION_MODERATION_REPLY, "a reply")},
      {"pin question", moderateRequest("main-forum", question, v1::QUESTION_MODERATION_PIN)},
      {"premoderation", settingsRequest("main-forum", true, std::nullopt)},
      {"slow mode", settingsRequest("main-forum", std::nullopt, 10)},
      {"delete chat", deleteChatRequest("main-forum", chat)},
      {"pin chat", pinChatRequest("main-forum", chat)},
      {"mute in room", sanctionRequest(v1::SANCTION_KIND_MUTE, alice_id, "main-forum", 60)},
      {"announce in room", announceRequest("main-forum", "hello")},
      {"create poll", createPollRequest("main-forum", "Q?", {"x", "y"})},
      {"open poll", changePollRequest("main-forum", poll, v1::POLL_STATE_OPEN)},
  };
  const std::vector<std::pair<std::string, v1::ClientMessage>> event_operations = {
      {"mute everywhere", sanctionRequest(v1::SANCTION_KIND_MUTE, alice_id, "", 60)},
      {"ban", sanctionRequest(v1::SANCTION_KIND_BAN, alice_id, "", 60)},
      {"announce everywhere", announceRequest("", "hello all")},
  };
  auto bob = person("main-forum", "Bob");
  auto technician = staffIn("main-forum", "technician", "Wang Fang");
  auto panel_moderator = staffIn("main-forum", "moderator", "Zhao Lei", {"--rooms", "panel-a"});
  const uint64_t head = bob->join("main-forum").ack().joined().head_seq();
  for (auto [who, client] : {std::pair{"attendee", bob.get()}, std::pair{"technician", technician.get()},
                             std::pair{"moderator of panel-a", panel_moderator.get()}}) {
    for (const auto& [name, request] : room_operations) {
      const v1::ServerEvent answer = client->request(request);
      EXPECT_EQ(errorCode(answer), v1::ERROR_CODE_PERMISSION_DENIED) << who << ": " << name << ": " << answer.DebugString();
    }
    for (const auto& [name, request] : event_operations) {
      const v1::ServerEvent answer = client->request(request);
      EXPECT_EQ(errorCode(answer), v1::ERROR_CODE_PERMISSION_DENIED) << who << ": " << name << ": " << answer.DebugString();
    }
  }
  // Nothing changed: no event was added, nobody was sanctioned.
  EXPECT_EQ(bob->join("main-forum").ack().joined().head_seq(), head);
  EXPECT_TRUE(alice->chat("main-forum", "not muted").has_ack());
  // Moderators may not watch health (technicians' business).
  v1::ClientMessage watch;
  watch.mutable_watch_health();
  EXPECT_EQ(errorCode(moderator->request(watch)), v1::ERROR_CODE_PERMISSION_DENIED);
  // The moderator of panel-a may moderate there.
  EXPECT_TRUE(panel_moderator->request(settingsRequest("panel-a", std::nullopt, 3)).ack().has_applied());
}

// Over HTTP: the admins' audit trail names every moderation action's actor;
// the moderators' export has every question with its author; both need a
// token with the right role.
TEST_F(ModerationTest, AuditTrailAndQuestionExportNeedTheRightToken) {
  const std::string admin_token = mintToken(config_.string(), "admin", "Zhang Min");
  const std::string moderator_token = mintToken(config_.string(), "moderator", "Li Wei", {"--rooms", "main-forum"});
  auto moderator = withToken(moderator_token);
  moderator->join("main-forum");
  auto alice = person("main-forum", "Alice");
  const uint64_t q = appliedSeq(alice->request(askRequest("main-forum", "Anonymous, with \"quotes\", and a comma", true)));
  appliedSeq(moderator->request(moderateRequest("main-forum", q, v1::QUESTION_MODERATION_ANSWER)));
  appliedSeq(moderator->request(sanctionRequest(v1::SANCTION_KIND_MUTE, user_ids_.at(alice.get()), "main-forum", 60)));

  const std::string base = "http://127.0.0.1:" + std::to_string(hub_->port());
  const HttpResult audit = httpRequest(base + "/api/v1/audit", "GET", admin_token);
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("\"action\":\"question.answer\""), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("\"action\":\"sanction.mute\""), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("Li Wei"), std::string::npos) << "the actor is named: " << audit.body;

  const HttpResult anonymous = httpRequest(base + "/api/v1/audit");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.headers.find("www-authenticate: Bearer realm=\"hallcast\""), std::string::npos) << anonymous.headers;
  EXPECT_EQ(httpRequest(base + "/api/v1/audit", "GET", moderator_token).status, 403);
  EXPECT_EQ(httpRequest(base + "/api/v1/audit", "GET", "not-a-token").status, 401);

  const HttpResult csv = httpRequest(base + "/api/v1/rooms/main-forum/questions.csv", "GET", moderator_token);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
            "id,asked_at,status,answered,votes,anonymous,author_id,author_name,text,reply,edited");
  EXPECT_NE(csv.body.find(",true,0,true," + user_ids_.at(alice.get()) +
                          ",Alice,\"Anonymous, with \"\"quotes\"\", and a comma\",,false\r\n"),
            std::string::npos)
      << csv.body;
  const HttpResult json = httpRequest(base + "/api/v1/rooms/main-forum/questions.json", "GET", admin_token);
  ASSERT_EQ(json.status, 200);
  EXPECT_NE(json.body.find("\"displayName\":\"Alice\""), std::string::npos) << json.body;
  EXPECT_EQ(httpRequest(base + "/api/v1/rooms/panel-a/questions.json", "GET", moderator_token).status, 403);
  EXPECT_EQ(httpRequest(base + "/api/v1/rooms/main-forum/questions.csv").status, 401);
  EXPECT_EQ(httpRequest(base + "/api/v1/rooms/nowhere/questions.csv", "GET", admin_token).status, 404);
}

}  // namespace
}  // namespace hallcast::test
