// Blocked words over the real protocol: a chat message holding one is
// refused and reaches nobody, and SIGHUP applies an edited list without a
// restart.

#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

bool isChat(const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_chat(); }

std::string eventWithBlockedWords(const std::string& words) {
  return testEventYaml() + "moderation:\n  blocked_words: " + words + "\n";
}

class BlockedWordsTest : public HubTest {
 protected:
  void SetUp() override {
    config_ = dir_.write("event.yaml", eventWithBlockedWords("[spam, 发票]"));
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
    hub_->start();
  }

  // Rewrites the configuration and has the hub reload it; `logged` is new
  // in the log once it did.
  void reloadWith(const std::string& yaml, const std::string& logged) {
    dir_.write("event.yaml", yaml);
    hub().hangup();
    ASSERT_TRUE(hub().waitForLog(logged)) << "the hub did not log: " << logged;
  }
};

TEST_F(BlockedWordsTest, AMessageWithABlockedWordIsRefusedAndReachesNobody) {
  auto alice = greeted("Alice");
  auto bob = greeted("Bob");
  alice->join("main-forum");
  bob->join("main-forum");
  for (const std::string& text : {std::string("buy SPAM now"), std::string("代开发票")}) {
    const v1::ServerEvent refused = alice->chat("main-forum", text);
    ASSERT_TRUE(refused.has_error()) << refused.DebugString();
    EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_NE(refused.error().message().find("which this event does not allow"), std::string::npos);
  }
  EXPECT_EQ(alice->chat("main-forum", "buy SPAM now").error().message(),
            "the message contains \"SPAM\", which this event does not allow");
  // Questions too.
  v1::ClientMessage ask;
  ask.mutable_ask_question()->set_room_id("main-forum");
  ask.mutable_ask_question()->set_text("Where can I get spam?");
  const v1::ServerEvent question = alice->request(ask);
  ASSERT_TRUE(question.has_error()) << question.DebugString();
  EXPECT_EQ(question.error().message(), "the question contains \"spam\", which this event does not allow");
  // Whole words only: "spammer" is not "spam".
  const v1::ServerEvent fine = alice->chat("main-forum", "no spammer here");
  ASSERT_TRUE(fine.has_ack()) << fine.DebugString();
  EXPECT_EQ(fine.ack().chat_accepted().seq(), 1u) << "nothing refused was stored";
  const auto seen = bob->waitFor(isChat);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->room_event().chat().text(), "no spammer here");
  EXPECT_FALSE(bob->waitFor(isChat, 300ms)) << "a refused message was sent";
}

TEST_F(BlockedWordsTest, SighupReloadsTheListAndABrokenFileKeepsIt) {
  auto alice = greeted("Alice");
  alice->join("panel-a");
  ASSERT_TRUE(alice->chat("panel-a", "scam alert").has_ack());

  reloadWith(eventWithBlockedWords("[scam]"), "blocked words reloaded: 1 entries (1 added, 2 removed)");
  EXPECT_EQ(alice->chat("panel-a", "scam alert").error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_TRUE(alice->chat("panel-a", "spam is fine now").has_ack());

  // A file that does not load is reported, and the list in force stays.
  reloadWith(eventWithBlockedWords("[\"\"]"), "the 1 blocked words in force are kept");
  EXPECT_NE(hub().log().find("moderation.blocked_words[0]: must not be empty"), std::string::npos);
  EXPECT_EQ(alice->chat("panel-a", "scam again").error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_TRUE(alice->chat("panel-a", "no words blocked here").has_ack());

  // The connection lived through all of it.
  reloadWith(testEventYaml(), "blocked words reloaded: 0 entries (0 added, 1 removed)");
  EXPECT_TRUE(alice->chat("panel-a", "scam").has_ack());
  EXPECT_TRUE(hub().running());
}

}  // namespace
}  // namespace hallcast::test
