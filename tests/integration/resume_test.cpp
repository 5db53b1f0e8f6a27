// Durability and resume: acknowledged events survive kill -9, and a client
// that rejoins with since_seq gets exactly what it missed, then the live feed.

#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

bool isChat(const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_chat(); }

class ResumeTest : public HubTest {};

TEST_F(ResumeTest, KillNineLosesNoAcknowledgedMessage) {
  startHub("  requests_per_second: 1000\n  request_burst: 1000\n");
  auto alice = greeted("Alice");
  alice->join("main-forum");
  constexpr int kMessages = 200;
  std::vector<uint64_t> ids;
  for (int i = 1; i <= kMessages; ++i) {
    ids.push_back(alice->send(chatRequest("main-forum", "durable " + std::to_string(i))));
  }
  // Every request acknowledged (the hub only acks what is in the log)...
  std::map<uint64_t, uint64_t> seq_of_request;
  while (seq_of_request.size() < ids.size()) {
    auto e = alice->next();
    ASSERT_TRUE(e) << "acks so far: " << seq_of_request.size();
    ASSERT_FALSE(e->has_error()) << e->DebugString();
    if (e->has_ack()) seq_of_request[e->ack().request_id()] = e->ack().chat_accepted().seq();
  }
  // ...then the hub dies without any chance to flush.
  hub().kill9();
  hub().start();

  auto bob = greeted("Bob");
  const v1::ServerEvent joined = bob->join("main-forum", 0);
  ASSERT_TRUE(joined.has_ack()) << joined.DebugString();
  EXPECT_EQ(joined.ack().joined().head_seq(), static_cast<uint64_t>(kMessages));
  EXPECT_FALSE(joined.ack().joined().missed_events());
  for (int i = 1; i <= kMessages; ++i) {
    auto e = bob->next();
    ASSERT_TRUE(e && isChat(*e)) << "replay stopped at " << i;
    EXPECT_EQ(e->room_event().seq(), static_cast<uint64_t>(i));
    EXPECT_EQ(e->room_event().chat().text(), "durable " + std::to_string(i));
    EXPECT_EQ(e->room_event().chat().author().display_name(), "Alice");
  }
  // The sequence continues where it stopped.
  EXPECT_EQ(bob->chat("main-forum", "after the restart").ack().chat_accepted().seq(),
            static_cast<uint64_t>(kMessages + 1));
}

TEST_F(ResumeTest, ReconnectReplaysExactlyTheMissedEventsThenGoesLive) {
  startHub();
  auto alice = greeted("Alice");
  auto bob = greeted("Bob");
  alice->join("main-forum");
  bob->join("main-forum");
  for (const char* text : {"a1", "a2", "a3"}) alice->chat("main-forum", text);
  uint64_t last_seen = 0;
  while (last_seen < 3) {
    auto e = bob->waitFor(isChat);
    ASSERT_TRUE(e);
    last_seen = e->room_event().seq();
  }
  bob.reset();  // Bob's network drops
  for (const char* text : {"b4", "b5", "b6", "b7"}) alice->chat("main-forum", text);

  auto bob_again = greeted("Bob");
  const v1::ServerEvent joined = bob_again->join("main-forum", last_seen);
  ASSERT_TRUE(joined.has_ack());
  EXPECT_EQ(joined.ack().joined().head_seq(), 7u);
  EXPECT_FALSE(joined.ack().joined().missed_events());
  EXPECT_EQ(joined.ack().joined().recent_size(), 0);  // a resume replays instead
  alice->chat("main-forum", "live8");

  std::vector<std::string> texts;
  std::vector<uint64_t> seqs;
  while (seqs.size() < 5) {
    auto e = bob_again->waitFor(isChat);
    ASSERT_TRUE(e) << "got " << seqs.size();
    seqs.push_back(e->room_event().seq());
    texts.push_back(e->room_event().chat().text());
  }
  EXPECT_EQ(seqs, (std::vector<uint64_t>{4, 5, 6, 7, 8}));
  EXPECT_EQ(texts, (std::vector<std::string>{"b4", "b5", "b6", "b7", "live8"}));
  EXPECT_FALSE(bob_again->waitFor(isChat, 300ms)) << "a duplicate arrived";
}

TEST_F(ResumeTest, ResumeWorksAcrossAHubRestart) {
  startHub();
  auto alice = greeted("Alice");
  alice->join("panel-a");
  for (const char* text : {"x1", "x2", "x3", "x4"}) alice->chat("panel-a", text);
  alice.reset();
  EXPECT_EQ(hub().terminate(), 0);  // a clean stop, too
  hub().start();
  auto again = greeted("Alice");
  const v1::ServerEvent joined = again->join("panel-a", 2);
  EXPECT_EQ(joined.ack().joined().head_seq(), 4u);
  auto e3 = again->waitFor(isChat);
  auto e4 = again->waitFor(isChat);
  ASSERT_TRUE(e3 && e4);
  EXPECT_EQ(e3->room_event().chat().text(), "x3");
  EXPECT_EQ(e4->room_event().chat().text(), "x4");
}

TEST_F(ResumeTest, TooFarBehindGetsTheCurrentStateInstead) {
  startHub("  replay_events: 5\n  recent_events: 3\n  requests_per_second: 100\n  request_burst: 100\n");
  auto alice = greeted("Alice");
  alice->join("main-forum");
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(alice->chat("main-forum", "m" + std::to_string(i)).has_ack());

  auto bob = greeted("Bob");
  const v1::ServerEvent joined = bob->join("main-forum", 2);  // 3 and 4 are gone
  ASSERT_TRUE(joined.has_ack());
  const v1::Joined& j = joined.ack().joined();
  EXPECT_TRUE(j.missed_events());
  EXPECT_EQ(j.head_seq(), 10u);
  ASSERT_EQ(j.recent_size(), 3);
  EXPECT_EQ(j.recent(0).seq(), 8u);
  EXPECT_EQ(j.recent(2).chat().text(), "m10");
  EXPECT_FALSE(bob->waitFor(isChat, 300ms)) << "nothing is replayed after missed_events";

  // Within the window it replays.
  auto carol = greeted("Carol");
  carol->join("main-forum", 5);
  auto first = carol->waitFor(isChat);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->room_event().seq(), 6u);
}

TEST_F(ResumeTest, ASinceSeqAheadOfTheRoomMeansMissedEvents) {
  startHub();
  auto alice = greeted("Alice");
  alice->join("main-forum");
  alice->chat("main-forum", "only one");
  auto bob = greeted("Bob");
  const v1::Joined j = bob->join("main-forum", 99).ack().joined();
  EXPECT_TRUE(j.missed_events());
  EXPECT_EQ(j.head_seq(), 1u);
  EXPECT_EQ(j.recent_size(), 1);
}

}  // namespace
}  // namespace hallcast::test

namespace hallcast::test {
namespace {

v1::ClientMessage keyedChat(const std::string& text, const std::string& key) {
  return chatRequest("main-forum", text, key);
}

TEST_F(ResumeTest, ARetriedMessageIsStoredOnce) {
  startHub();
  auto alice = greeted("Alice");
  auto watcher = greeted("Watcher");
  alice->join("main-forum");
  watcher->join("main-forum");
  const v1::ServerEvent first = alice->request(keyedChat("only once", "7f0c6f7e-retry"));
  ASSERT_TRUE(first.has_ack());
  const uint64_t seq = first.ack().chat_accepted().seq();

  // The connection dropped before the client saw the Ack; it retries, even
  // after the hub restarted.
  alice.reset();
  hub().kill9();
  hub().start();
  auto again = greeted("Alice");
  again->join("main-forum", seq);
  const v1::ServerEvent retry = again->request(keyedChat("only once", "7f0c6f7e-retry"));
  ASSERT_TRUE(retry.has_ack());
  EXPECT_EQ(retry.ack().chat_accepted().seq(), seq);

  const v1::ServerEvent next = again->request(keyedChat("a new one", "8a1d-new"));
  EXPECT_EQ(next.ack().chat_accepted().seq(), seq + 1) << "the retry took no seq";
  EXPECT_EQ(again->request(keyedChat("x", std::string(65, 'k'))).error().code(),
            v1::ERROR_CODE_INVALID_ARGUMENT);
}

TEST_F(ResumeTest, StoppingTheHubClosesClientsWithGoingAway) {
  startHub();
  auto alice = greeted("Alice");
  alice->join("main-forum");
  EXPECT_EQ(hub().terminate(), 0);
  EXPECT_EQ(alice->waitClosed(), 1001);
  EXPECT_EQ(alice->closeReason(), "the hub is shutting down");
}

}  // namespace
}  // namespace hallcast::test
