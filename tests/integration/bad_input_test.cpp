// Bad input gets a precise error and never takes the hub down: malformed
// Protobuf, bad UTF-8, oversized frames, unknown rooms, floods, slow readers.

#include "support/http_client.h"
#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

class BadInputTest : public HubTest {
 protected:
  void SetUp() override { startHub("  requests_per_second: 5\n  request_burst: 5\n"); }

  // The hub still serves: a fresh client can chat.
  void expectHubServes() {
    auto probe = greeted("Probe");
    probe->join("main-forum");
    EXPECT_TRUE(probe->chat("main-forum", "still alive").has_ack());
  }
};

TEST_F(BadInputTest, MalformedProtobufIsInvalidArgumentAndTheConnectionStays) {
  auto client = greeted("Client");
  client->sendRaw("\x0a\xff\xff\xff\xff\xff garbage");
  auto error = client->next();
  ASSERT_TRUE(error && error->has_error()) << (error ? error->DebugString() : "nothing");
  EXPECT_EQ(error->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(error->error().request_id(), 0u);
  EXPECT_NE(error->error().message().find("malformed"), std::string::npos);
  client->join("main-forum");
  EXPECT_TRUE(client->chat("main-forum", "after garbage").has_ack());
}

TEST_F(BadInputTest, InvalidUtf8IsInvalidArgumentWithTheRequestId) {
  auto client = greeted("Client");
  client->join("main-forum");
  std::string bytes = chatRequest("main-forum", "caf\xC3\xA9", "", 41).SerializeAsString();
  bytes.back() = '\x28';  // "caf\xC3(": a broken two-byte sequence
  client->sendRaw(bytes);
  auto error = client->next();
  ASSERT_TRUE(error && error->has_error());
  EXPECT_EQ(error->error().request_id(), 41u);
  EXPECT_EQ(error->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(error->error().message(), "a string field is not valid UTF-8");
}

TEST_F(BadInputTest, TextFramesAreInvalidArgument) {
  auto client = greeted("Client");
  client->sendRaw("{\"hello\":{}}", /*binary=*/false);
  auto error = client->next();
  ASSERT_TRUE(error && error->has_error());
  EXPECT_EQ(error->error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_NE(error->error().message().find("binary"), std::string::npos);
}

TEST_F(BadInputTest, AMessageOver64KiBClosesWith1009) {
  auto client = greeted("Client");
  client->join("main-forum");
  client->sendRaw(chatRequest("main-forum", std::string(70 * 1024, 'x'), "", 5).SerializeAsString());
  EXPECT_EQ(client->waitClosed(), 1009);
  EXPECT_EQ(client->closeReason(), "message larger than 65536 bytes");
  expectHubServes();
}

TEST_F(BadInputTest, AMessageJustUnderTheLimitIsReadAndRefusedForItsLength) {
  auto client = greeted("Client");
  client->join("main-forum");
  const v1::ServerEvent answer = client->request(chatRequest("main-forum", std::string(60 * 1024, 'x')));
  ASSERT_TRUE(answer.has_error());
  EXPECT_EQ(answer.error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(answer.error().message(), "chat message is 61440 characters long; the limit is 500");
}

TEST_F(BadInputTest, UnknownRoomIsNotFound) {
  auto client = greeted("Client");
  v1::ClientMessage join;
  join.mutable_join_room()->set_room_id("backstage");
  const v1::ServerEvent answer = client->request(join);
  ASSERT_TRUE(answer.has_error());
  EXPECT_EQ(answer.error().code(), v1::ERROR_CODE_NOT_FOUND);
  EXPECT_EQ(answer.error().message(), "no room \"backstage\" in this event");
  EXPECT_EQ(client->chat("backstage", "hi").error().code(), v1::ERROR_CODE_NOT_FOUND);
}

TEST_F(BadInputTest, EmptyAndOverlongChatAreInvalidArgument) {
  auto client = greeted("Client");
  client->join("main-forum");
  const v1::ServerEvent empty = client->chat("main-forum", " \n\t ");
  EXPECT_EQ(empty.error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(empty.error().message(), "chat message is empty");
  const v1::ServerEvent longer = client->chat("main-forum", std::string(501, 'a'));
  EXPECT_EQ(longer.error().message(), "chat message is 501 characters long; the limit is 500");
  EXPECT_TRUE(client->chat("main-forum", "  " + std::string(500, 'a') + "  ").has_ack());
}

TEST_F(BadInputTest, RequestsBeforeHelloAreUnauthenticated) {
  WsClient client(hub().port());
  ASSERT_TRUE(client.connect());
  const v1::ServerEvent answer = client.join("main-forum");
  ASSERT_TRUE(answer.has_error());
  EXPECT_EQ(answer.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
  EXPECT_EQ(answer.error().message(), "send Hello before any other request");
}

TEST_F(BadInputTest, HelloMistakes) {
  WsClient client(hub().port());
  ASSERT_TRUE(client.connect());
  EXPECT_EQ(client.hello("   ").error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  v1::ClientMessage with_token;
  with_token.mutable_hello()->set_display_name("Mallory");
  with_token.mutable_hello()->set_token("let-me-in");
  EXPECT_EQ(client.request(with_token).error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
  EXPECT_TRUE(client.hello("Carol").has_ack());
  EXPECT_EQ(client.hello("Carol again").error().code(), v1::ERROR_CODE_FAILED_PRECONDITION);
}

TEST_F(BadInputTest, AMessageWithoutARequestIsInvalidArgument) {
  auto client = greeted("Client");
  v1::ClientMessage empty;
  empty.set_request_id(8);
  const v1::ServerEvent answer = client->request(empty);
  EXPECT_EQ(answer.error().code(), v1::ERROR_CODE_INVALID_ARGUMENT);
  EXPECT_EQ(answer.error().message(), "the request has no body");
}

TEST_F(BadInputTest, FloodsAreRateLimitedAndEveryRequestIsAnswered) {
  auto client = greeted("Flooder");  // Hello took one of the 5 tokens
  std::vector<uint64_t> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(client->send(chatRequest("main-forum", "spam")));
  int limited = 0, other = 0;
  for (uint64_t id : ids) {
    auto answer = client->next();
    ASSERT_TRUE(answer) << "no answer for request " << id;
    if (answer->has_error() && answer->error().code() == v1::ERROR_CODE_RATE_LIMITED) {
      ++limited;
      EXPECT_EQ(answer->error().request_id(), id);
      EXPECT_GT(answer->error().retry_after_ms(), 0u);
      EXPECT_EQ(answer->error().message(), "too many requests: at most 5.000000 per second (burst 5)");
    } else {
      ++other;  // within the budget: answered on its merits (not joined here)
    }
  }
  EXPECT_GE(limited, 15);
  EXPECT_LE(other, 5);
  // The budget refills.
  std::this_thread::sleep_for(1200ms);
  client->join("main-forum");
  EXPECT_TRUE(client->chat("main-forum", "calm again").has_ack());
}

TEST_F(BadInputTest, APersistentFloodIsDisconnectedWith1008) {
  auto client = greeted("Flooder");
  for (int i = 0; i < 60; ++i) client->send(chatRequest("main-forum", "spam"));
  EXPECT_EQ(client->waitClosed(), 1008);
  EXPECT_NE(client->closeReason().find("flooding"), std::string::npos);
  expectHubServes();
}

class SlowConsumerTest : public HubTest {
 protected:
  void SetUp() override {
    startHub("  requests_per_second: 100000\n  request_burst: 100000\n  send_queue_bytes: 65536\n");
  }
};

TEST_F(SlowConsumerTest, AClientThatStopsReadingIsDroppedAndOthersCarryOn) {
  auto slow = greeted("Slow");
  slow->join("main-forum");
  slow->pauseReading(true);
  auto fast = greeted("Fast");
  fast->join("main-forum");

  // Enough to fill the loopback socket buffers and then the 64 KiB queue.
  // The fast client keeps at most 50 messages unanswered, as a client that
  // reads does: the acks and echoes of what it sent, ~27 KB, must fit its
  // queue whenever the store answers (a batch of stored messages is fanned
  // out in one loop turn, and a backlog of thousands would come back at
  // once, faster than it is read).
  const std::string text(490, 'z');
  constexpr int kMessages = 40000;
  constexpr int kWindow = 50;
  int acks = 0;
  const auto read = [&] {
    auto e = fast->next(10s);
    ASSERT_TRUE(e) << "fast client stalled after " << acks << " acks";
    ASSERT_FALSE(e->has_error()) << e->DebugString();
    acks += e->has_ack();
  };
  for (int sent = 0; sent < kMessages; ++sent) {
    while (sent - acks >= kWindow) ASSERT_NO_FATAL_FAILURE(read());
    fast->send(chatRequest("main-forum", text));
  }
  while (acks < kMessages) ASSERT_NO_FATAL_FAILURE(read());
  const HttpResult metrics = httpRequest(hub().url("/metrics"));
  EXPECT_NE(metrics.body.find("hallcast_slow_consumer_disconnects_total 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("hallcast_room_viewers{room=\"main-forum\"} 1\n"), std::string::npos)
      << "the slow client is gone once its close times out";
}

}  // namespace
}  // namespace hallcast::test

namespace hallcast::test {
namespace {

class HelloTimeoutTest : public HubTest {
 protected:
  void SetUp() override { startHub("  hello_timeout_seconds: 1\n"); }
};

TEST_F(HelloTimeoutTest, AConnectionThatNeverSaysHelloIsClosed) {
  WsClient silent(hub().port());
  ASSERT_TRUE(silent.connect());
  auto polite = greeted("Polite");
  EXPECT_EQ(silent.waitClosed(5s), 1008);
  EXPECT_EQ(silent.closeReason(), "no Hello within 1 s");
  v1::ClientMessage ping;
  ping.mutable_ping();
  EXPECT_TRUE(polite->request(ping).has_ack()) << "a greeted client stays";
}

}  // namespace
}  // namespace hallcast::test
