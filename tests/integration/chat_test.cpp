// Chat across a room between real WebSocket clients of a running hub.

#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

bool isChat(const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_chat(); }

class ChatTest : public HubTest {
 protected:
  void SetUp() override { startHub(); }
};

TEST_F(ChatTest, HelloIsWelcomedWithIdentityAndLimits) {
  WsClient client(hub().port());
  ASSERT_TRUE(client.connect()) << client.error();
  const v1::ServerEvent answer = client.hello("  Dr. Levitt  ");
  ASSERT_TRUE(answer.has_ack()) << answer.DebugString();
  const v1::Welcome& welcome = answer.ack().welcome();
  EXPECT_FALSE(welcome.session_id().empty());
  EXPECT_FALSE(welcome.user().user_id().empty());
  EXPECT_EQ(welcome.user().display_name(), "Dr. Levitt");
  EXPECT_EQ(welcome.user().role(), v1::ROLE_ATTENDEE);
  EXPECT_GT(welcome.server_time().seconds(), 1700000000);
  EXPECT_EQ(welcome.limits().max_chat_chars(), 500u);
  EXPECT_EQ(welcome.limits().max_frame_bytes(), 65536u);
}

TEST_F(ChatTest, TwoClientsChatAcrossARoom) {
  auto alice = greeted("Alice");
  auto bob = greeted("王伟");
  ASSERT_TRUE(alice->join("main-forum").ack().has_joined());
  ASSERT_TRUE(bob->join("main-forum").ack().has_joined());

  const v1::ServerEvent accepted = alice->chat("main-forum", "  Hello from Berlin — 你好！ ");
  ASSERT_TRUE(accepted.has_ack()) << accepted.DebugString();
  EXPECT_EQ(accepted.ack().chat_accepted().room_id(), "main-forum");
  EXPECT_EQ(accepted.ack().chat_accepted().seq(), 1u);

  auto received = bob->waitFor(isChat);
  ASSERT_TRUE(received);
  const v1::RoomEvent& event = received->room_event();
  EXPECT_EQ(event.room_id(), "main-forum");
  EXPECT_EQ(event.seq(), 1u);
  EXPECT_EQ(event.chat().text(), "Hello from Berlin — 你好！");
  EXPECT_EQ(event.chat().author().display_name(), "Alice");
  EXPECT_GT(event.time().seconds(), 1700000000);

  const v1::ServerEvent reply = bob->chat("main-forum", "欢迎!");
  ASSERT_TRUE(reply.has_ack());
  auto echoed = alice->waitFor([](const v1::ServerEvent& e) { return isChat(e) && e.room_event().seq() == 2; });
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->room_event().chat().author().display_name(), "王伟");
}

TEST_F(ChatTest, RoomsAreSeparate) {
  auto alice = greeted("Alice");
  auto bob = greeted("Bob");
  alice->join("main-forum");
  alice->join("panel-a");  // one connection, two rooms
  bob->join("panel-a");
  ASSERT_TRUE(alice->chat("main-forum", "only in main").has_ack());
  const v1::ServerEvent in_panel = alice->chat("panel-a", "in the panel");
  EXPECT_EQ(in_panel.ack().chat_accepted().seq(), 1u);  // each room counts from 1
  auto got = bob->waitFor(isChat);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->room_event().room_id(), "panel-a");
  EXPECT_EQ(got->room_event().chat().text(), "in the panel");
}

TEST_F(ChatTest, SequenceNumbersIncreaseByOneWithNoGaps) {
  auto alice = greeted("Alice");
  auto bob = greeted("Bob");
  auto watcher = greeted("Watcher");
  for (auto* c : {alice.get(), bob.get(), watcher.get()}) c->join("main-forum");
  for (int i = 0; i < 10; ++i) {
    // Two authors, not waiting for acks.
    (i % 2 ? alice : bob)->send(chatRequest("main-forum", "message " + std::to_string(i)));
  }
  for (uint64_t expected = 1; expected <= 10; ++expected) {
    auto got = watcher->waitFor(isChat);
    ASSERT_TRUE(got) << "missing seq " << expected;
    EXPECT_EQ(got->room_event().seq(), expected);
  }
}

TEST_F(ChatTest, AFirstJoinCarriesTheRecentMessages) {
  auto alice = greeted("Alice");
  alice->join("main-forum");
  for (const char* text : {"one", "two", "three"}) ASSERT_TRUE(alice->chat("main-forum", text).has_ack());
  auto late = greeted("Late");
  const v1::Joined joined = late->join("main-forum").ack().joined();
  EXPECT_EQ(joined.head_seq(), 3u);
  EXPECT_FALSE(joined.missed_events());
  ASSERT_EQ(joined.recent_size(), 3);
  EXPECT_EQ(joined.recent(0).chat().text(), "one");
  EXPECT_EQ(joined.recent(2).seq(), 3u);
}

TEST_F(ChatTest, ViewerCountsAreAnnounced) {
  auto alice = greeted("Alice");
  alice->join("main-forum");
  auto bob = greeted("Bob");
  const v1::Joined joined = bob->join("main-forum").ack().joined();
  EXPECT_EQ(joined.viewers(), 2u);
  auto presence = alice->waitFor(
      [](const v1::ServerEvent& e) { return e.has_presence() && e.presence().viewers() == 2; });
  ASSERT_TRUE(presence);
  EXPECT_EQ(presence->presence().room_id(), "main-forum");

  bob.reset();  // disconnects
  auto after = alice->waitFor(
      [](const v1::ServerEvent& e) { return e.has_presence() && e.presence().viewers() == 1; });
  EXPECT_TRUE(after);
}

TEST_F(ChatTest, LeavingStopsTheMessages) {
  auto alice = greeted("Alice");
  auto bob = greeted("Bob");
  alice->join("main-forum");
  bob->join("main-forum");
  v1::ClientMessage leave;
  leave.mutable_leave_room()->set_room_id("main-forum");
  const v1::ServerEvent left = bob->request(leave);
  ASSERT_TRUE(left.has_ack()) << left.DebugString();
  EXPECT_EQ(left.ack().left().room_id(), "main-forum");

  const v1::ServerEvent refused = bob->chat("main-forum", "still here?");
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_EQ(refused.error().message(), "join room \"main-forum\" before chatting");

  alice->chat("main-forum", "after bob left");
  EXPECT_FALSE(bob->waitFor(isChat, 300ms));
  const v1::ServerEvent again = bob->request(leave);
  EXPECT_EQ(again.error().code(), v1::ERROR_CODE_FAILED_PRECONDITION);
}

TEST_F(ChatTest, PingIsAnsweredWithTheServerTime) {
  auto client = greeted("Pinger");
  v1::ClientMessage ping;
  ping.mutable_ping();
  const v1::ServerEvent pong = client->request(ping);
  ASSERT_TRUE(pong.has_ack());
  EXPECT_GT(pong.ack().pong().server_time().seconds(), 1700000000);
}

TEST_F(ChatTest, TheHandshakeNeedsTheSubprotocolAndPath) {
  WsClient no_protocol({hub().port(), "/ws", ""});
  ASSERT_TRUE(no_protocol.connect()) << no_protocol.error();  // opened, then closed with the reason
  EXPECT_EQ(no_protocol.waitClosed(), 1002);
  EXPECT_EQ(no_protocol.closeReason(), "use the WebSocket subprotocol hallcast.v1");
  WsClient wrong_protocol({hub().port(), "/ws", "chat.v2"});
  EXPECT_FALSE(wrong_protocol.connect());
  WsClient wrong_path({hub().port(), "/socket", "hallcast.v1"});
  EXPECT_FALSE(wrong_path.connect());
  WsClient right({hub().port(), "/ws", "hallcast.v1"});
  EXPECT_TRUE(right.connect()) << right.error();
}

// limits.write_interval_ms: a connection is written at most that often, so
// events published within the interval reach a member in one WebSocket
// message, in order and complete.
class WriteIntervalTest : public HubTest {
 protected:
  void SetUp() override { startHub("  write_interval_ms: 500\n"); }
};

TEST_F(WriteIntervalTest, EventsWithinTheIntervalShareOneMessage) {
  auto alice = greeted("Alice");
  auto watcher = greeted("Watcher");
  for (auto* c : {alice.get(), watcher.get()}) c->join("main-forum");
  const std::size_t before = watcher->messagesReceived();
  // Apart, so that without the interval each would leave on its own.
  for (int i = 0; i < 5; ++i) {
    alice->send(chatRequest("main-forum", "burst " + std::to_string(i)));
    std::this_thread::sleep_for(20ms);
  }
  for (int i = 0; i < 5; ++i) {
    auto got = watcher->waitFor(isChat);
    ASSERT_TRUE(got) << "missing chat " << i;
    EXPECT_EQ(got->room_event().chat().text(), "burst " + std::to_string(i));
  }
  // The first may leave at once (nothing was written for a while); the
  // others wait for the next flush, half a second later.
  EXPECT_LE(watcher->messagesReceived() - before, 2u);
}

}  // namespace
}  // namespace hallcast::test
