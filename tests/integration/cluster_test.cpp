// Hubs in cluster mode (the event's `cluster` section) on a real
// redis-server started by the test: events and votes live in Redis across
// kill -9 of a hub and of Redis; two nodes fan each other's events out
// live, in one order, with dense seqs even when both write at once; a mute
// issued on one node holds on the other; a client of a killed node resumes
// on the other with no gap and no duplicate.

#include <map>
#include <thread>

#include "store/redis_db.h"
#include "store/redis_event_log.h"
#include "support/http_client.h"
#include "support/interaction.h"
#include "support/redis_server.h"

namespace hallcast::test {
namespace {

class ClusterHubTest : public InteractionTest {
 protected:
  void startClusterHub(const RedisServer& redis, const std::string& node_id) {
    // Limits high enough for the burst of TwoNodesFanOut... below.
    config_ = dir_.write("event.yaml", testEventYaml("  requests_per_second: 1000\n  request_burst: 1000\n") +
                                           accessYaml() + "cluster:\n  redis: \"" + redis.url() +
                                           "\"\n  node_id: " + node_id + "\n");
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / ("data-" + node_id));
    hub_->start();
  }

  // Nodes hub-a (returned) and hub-b (hub()) on one Redis.
  std::unique_ptr<HubProcess> startTwoNodes(const RedisServer& redis) {
    startClusterHub(redis, "hub-a");
    auto node_a = std::move(hub_);
    startClusterHub(redis, "hub-b");
    return node_a;
  }

  // A client of the hub on `port`, greeted as `name` and in main-forum.
  static std::unique_ptr<WsClient> inMainForum(int port, const std::string& name) {
    auto client = std::make_unique<WsClient>(port);
    EXPECT_TRUE(client->connect()) << client->error();
    EXPECT_TRUE(client->hello(name).has_ack());
    EXPECT_TRUE(client->join("main-forum").has_ack());
    return client;
  }
};

TEST_F(ClusterHubTest, EventsAndVotesLiveInRedisAcrossKillsOfTheHubAndOfRedis) {
  RedisServer redis(dir_.path() / "redis");
  startClusterHub(redis, "hub-a");
  EXPECT_NE(hub().log().find("room events are kept in redis " + redis.url()), std::string::npos) << hub().log();

  auto alice = attendeeIn("main-forum", "Alice");
  ASSERT_TRUE(alice->chat("main-forum", "first 🎉").has_ack());
  const v1::ServerEvent asked = alice->request(askRequest("main-forum", "Why Redis?"));
  ASSERT_TRUE(asked.has_ack()) << asked.DebugString();
  const uint64_t question = asked.ack().applied().seq();
  auto bob = attendeeIn("main-forum", "Bob");
  ASSERT_TRUE(bob->request(voteQuestionRequest("main-forum", question)).has_ack());

  hub().kill9();
  redis.kill9AndRestart();
  hub().start();

  auto carol = greeted("Carol");
  const v1::ServerEvent join = carol->join("main-forum");
  ASSERT_TRUE(join.has_ack() && join.ack().has_joined()) << join.DebugString();
  const v1::Joined& joined = join.ack().joined();
  ASSERT_EQ(joined.state().questions_size(), 1);
  EXPECT_EQ(joined.state().questions(0).text(), "Why Redis?");
  EXPECT_EQ(joined.state().questions(0).votes(), 1u) << "the vote came back from Redis";
  bool chat_back = false;
  for (const auto& e : joined.recent()) chat_back = chat_back || (e.has_chat() && e.chat().text() == "first 🎉");
  EXPECT_TRUE(chat_back);
  EXPECT_EQ(joined.head_seq(), 2u);

  // Redis restarts under a running hub: the next event reconnects and is stored.
  redis.kill9AndRestart();
  const v1::ServerEvent after = carol->chat("main-forum", "after the Redis restart");
  ASSERT_TRUE(after.has_ack()) << after.DebugString();
  EXPECT_EQ(after.ack().chat_accepted().seq(), 3u);
}

// Redis dies and comes back while a client writes as fast as it can: the
// hub refuses what it could not store and keeps everything it acknowledged.
TEST_F(ClusterHubTest, NothingAcknowledgedIsLostWhenRedisRestartsUnderLoad) {
  RedisServer redis(dir_.path() / "redis");
  startClusterHub(redis, "hub-a");
  auto writer = inMainForum(hub().port(), "Writer");
  std::map<uint64_t, std::string> sent;    // request id -> text
  std::map<uint64_t, std::string> acked;   // seq -> text
  int refused = 0;
  const auto collect = [&](std::size_t answers) {
    while (answers > 0) {
      const auto event = writer->next(10s);
      ASSERT_TRUE(event.has_value()) << "an answer is missing: every request gets one";
      if (event->has_ack() && event->ack().has_chat_accepted()) {
        acked[event->ack().chat_accepted().seq()] = sent.at(event->ack().request_id());
        --answers;
      } else if (event->has_error() && event->error().request_id() != 0) {
        // Redis out of reach: UNAVAILABLE; a command it refused: INTERNAL.
        EXPECT_TRUE(event->error().code() == v1::ERROR_CODE_UNAVAILABLE ||
                    event->error().code() == v1::ERROR_CODE_INTERNAL)
            << event->DebugString();
        ++refused;
        --answers;
      }
    }
  };
  const auto write = [&](int from, int to, int kill_at) {
    for (int i = from; i < to; ++i) {
      const std::string text = "m" + std::to_string(i);
      sent[writer->send(chatRequest("main-forum", text))] = text;
      if (i == kill_at) redis.kill9AndRestart();
    }
  };
  write(0, 100, -1);
  collect(100);
  ASSERT_EQ(acked.size(), 100u);
  write(100, 300, 120);  // Redis dies while these are on their way
  collect(200);
  // Every acknowledged message is in Redis under its seq, and nothing else is.
  RedisDb db(*parseRedisUrl(redis.url()).address, "hallcast:{test-event}:");
  RedisEventLog log(db);
  std::map<uint64_t, std::string> stored;
  for (const StoredEvent& e : log.readAfter("main-forum", 0, 10'000)) {
    v1::RoomEvent event;
    ASSERT_TRUE(event.ParseFromString(e.payload));
    stored[e.seq] = event.chat().text();
  }
  EXPECT_EQ(stored, acked) << refused << " refused";
  RecordProperty("refused", refused);
  // And the hub goes on.
  const v1::ServerEvent after = writer->chat("main-forum", "after");
  ASSERT_TRUE(after.has_ack()) << after.DebugString();
  EXPECT_EQ(after.ack().chat_accepted().seq(), stored.size() + 1);
}

// The store is written off the event loop: while Redis answers nothing (a
// stopped process: connections are accepted, nothing is answered, as in a
// network partition), a bystander's pings and the program are answered at
// once; a chat message waits for the store and is refused UNAVAILABLE when
// it does not answer in time; once Redis is back, writing goes on and every
// acknowledged message is stored exactly once.
TEST_F(ClusterHubTest, AStalledRedisHoldsBackWritesNeverTheLoop) {
  RedisServer redis(dir_.path() / "redis");
  startClusterHub(redis, "hub-a");
  auto writer = inMainForum(hub().port(), "Writer");
  auto bystander = inMainForum(hub().port(), "Bystander");
  const v1::ServerEvent before = writer->chat("main-forum", "before");
  ASSERT_TRUE(before.has_ack()) << before.DebugString();

  redis.pause();
  const uint64_t stalled = writer->send(chatRequest("main-forum", "while Redis is stopped"));
  // Served meanwhile: ten pings one after another, the program, /healthz.
  v1::ClientMessage ping;
  ping.mutable_ping();
  for (int i = 0; i < 10; ++i) {
    const v1::ServerEvent pong = bystander->request(ping, 1s);
    ASSERT_TRUE(pong.has_ack() && pong.ack().has_pong()) << pong.DebugString();
  }
  EXPECT_EQ(httpRequest(hub().url("/api/v1/program")).status, 200);
  EXPECT_FALSE(writer->peek([&](const v1::ServerEvent& e) {
    return (e.has_ack() && e.ack().request_id() == stalled) || (e.has_error() && e.error().request_id() == stalled);
  })) << "answered before the store did";
  // The store's answer is late: refused, with when to try again.
  const auto refused = writer->waitFor(
      [&](const v1::ServerEvent& e) { return e.has_error() && e.error().request_id() == stalled; }, 30s);
  ASSERT_TRUE(refused.has_value()) << "no answer";
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_UNAVAILABLE) << refused->DebugString();
  EXPECT_EQ(refused->error().retry_after_ms(), 1000u);
  EXPECT_NE(refused->error().message().find("the store did not answer in time"), std::string::npos);
  const HttpResult health = httpRequest(hub().url("/healthz"));
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_NE(health.body.find("\"status\":\"degraded\""), std::string::npos) << health.body;

  redis.resume();
  v1::ServerEvent after;
  for (int i = 0; i < 50; ++i) {  // (the first may meet what Redis ran late)
    after = writer->chat("main-forum", "after");
    if (after.has_ack()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(after.has_ack()) << after.DebugString();
  EXPECT_EQ(httpRequest(hub().url("/healthz")).status, 200);
  // In the log: what was acknowledged, once each (and the refused message
  // at most once: Redis ran it when it woke up, or did not).
  RedisDb db(*parseRedisUrl(redis.url()).address, "hallcast:{test-event}:");
  RedisEventLog log(db);
  std::map<std::string, int> stored;
  for (const StoredEvent& e : log.readAfter("main-forum", 0, 1000)) {
    v1::RoomEvent event;
    ASSERT_TRUE(event.ParseFromString(e.payload));
    ++stored[event.chat().text()];
  }
  EXPECT_EQ(stored["before"], 1);
  EXPECT_GE(stored["after"], 1);
  EXPECT_LE(stored["while Redis is stopped"], 1);
}

TEST_F(ClusterHubTest, ASecondNodeStartsFromTheSameLog) {
  RedisServer redis(dir_.path() / "redis");
  startClusterHub(redis, "hub-a");
  auto alice = attendeeIn("main-forum", "Alice");
  ASSERT_TRUE(alice->chat("main-forum", "from node A").has_ack());
  auto node_a = std::move(hub_);

  startClusterHub(redis, "hub-b");
  auto bob = greeted("Bob");
  const v1::ServerEvent join = bob->join("main-forum");
  ASSERT_TRUE(join.has_ack() && join.ack().has_joined()) << join.DebugString();
  const v1::Joined& joined = join.ack().joined();
  ASSERT_EQ(joined.recent_size(), 1);
  EXPECT_EQ(joined.recent(0).chat().text(), "from node A");
  const v1::ServerEvent next = bob->chat("main-forum", "from node B");
  ASSERT_TRUE(next.has_ack()) << next.DebugString();
  EXPECT_EQ(next.ack().chat_accepted().seq(), 2u) << "seqs continue across nodes";
  node_a->terminate();
}

// The chat texts by seq that `client` receives until it has `count` of them.
std::map<uint64_t, std::string> chatsSeen(WsClient& client, std::size_t count, int* errors) {
  std::map<uint64_t, std::string> seen;
  while (seen.size() < count) {
    const auto event = client.next(10s);
    if (!event) break;
    if (event->has_error()) ++*errors;
    if (event->has_room_event() && event->room_event().has_chat()) {
      const bool fresh = seen.emplace(event->room_event().seq(), event->room_event().chat().text()).second;
      EXPECT_TRUE(fresh) << "seq " << event->room_event().seq() << " delivered twice";
    }
  }
  return seen;
}

TEST_F(ClusterHubTest, TwoNodesFanOutEachOthersEventsInOneOrder) {
  RedisServer redis(dir_.path() / "redis");
  auto node_a = startTwoNodes(redis);
  auto& node_b = hub_;
  auto on_a = inMainForum(node_a->port(), "Alice on A");
  auto on_b = std::make_unique<WsClient>(node_b->port());
  ASSERT_TRUE(on_b->connect());
  const v1::ServerEvent bob = on_b->hello("Bob on B");
  ASSERT_TRUE(bob.has_ack()) << bob.DebugString();
  const std::string bob_id = bob.ack().welcome().user().user_id();
  ASSERT_TRUE(on_b->join("main-forum").has_ack());

  // Both write at once: every message is stored once, with seqs 1..2N, and
  // both see the same story.
  constexpr int kEach = 25;
  for (int i = 0; i < kEach; ++i) {
    on_a->send(chatRequest("main-forum", "A" + std::to_string(i)));
    on_b->send(chatRequest("main-forum", "B" + std::to_string(i)));
  }
  int errors = 0;
  const auto seen_a = chatsSeen(*on_a, 2 * kEach, &errors);
  const auto seen_b = chatsSeen(*on_b, 2 * kEach, &errors);
  EXPECT_EQ(errors, 0);
  ASSERT_EQ(seen_a.size(), 2u * kEach);
  EXPECT_EQ(seen_a, seen_b) << "the nodes disagree on the order";
  EXPECT_EQ(seen_a.begin()->first, 1u);
  EXPECT_EQ(seen_a.rbegin()->first, 2u * kEach) << "seqs are dense";
  // Each writer's own messages keep their order.
  int next_a = 0, next_b = 0;
  for (const auto& [seq, text] : seen_a) {
    if (text[0] == 'A') EXPECT_EQ(text, "A" + std::to_string(next_a++));
    else EXPECT_EQ(text, "B" + std::to_string(next_b++));
  }

  // A mute issued on A holds on B.
  WsClient moderator(node_a->port());
  ASSERT_TRUE(moderator.connect());
  v1::ClientMessage hello;
  hello.mutable_hello()->set_token(mintToken(config_.string(), "moderator", "Mo"));
  ASSERT_TRUE(moderator.request(hello).has_ack());
  const v1::ServerEvent muted = moderator.request(sanctionRequest(v1::SANCTION_KIND_MUTE, bob_id, "main-forum", 600));
  ASSERT_TRUE(muted.has_ack()) << muted.DebugString();
  v1::ServerEvent refused;
  for (int i = 0; i < 50 && !refused.has_error(); ++i) {
    std::this_thread::sleep_for(20ms);
    refused = on_b->chat("main-forum", "am I muted?");
  }
  ASSERT_TRUE(refused.has_error()) << "B never learnt of the mute: " << refused.DebugString();
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_NE(refused.error().message().find("muted"), std::string::npos) << refused.error().message();
  // Messages that got through before the mute reached B count too.
  uint64_t head = seen_a.rbegin()->first;
  while (auto event = on_a->next(300ms)) {
    if (event->has_room_event()) head = std::max<uint64_t>(head, event->room_event().seq());
  }

  // Node A dies; Alice resumes on B after the last seq she saw.
  node_a->kill9();
  auto carol = greeted("Carol on B");
  ASSERT_TRUE(carol->join("main-forum").has_ack());
  const v1::ServerEvent written = carol->chat("main-forum", "while A is down");
  ASSERT_TRUE(written.has_ack()) << written.DebugString();
  auto again = greeted("Alice again");
  const v1::ServerEvent resumed = again->join("main-forum", head);
  ASSERT_TRUE(resumed.has_ack()) << resumed.DebugString();
  const auto missed = chatsSeen(*again, 1, &errors);
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed.begin()->first, written.ack().chat_accepted().seq());
  EXPECT_EQ(missed.begin()->first, head + 1) << "no gap";
  EXPECT_EQ(missed.begin()->second, "while A is down");
  const auto more = again->waitFor([](const v1::ServerEvent& e) { return e.has_room_event(); }, 500ms);
  EXPECT_FALSE(more.has_value()) << "no duplicate: " << more->DebugString();
}

TEST_F(ClusterHubTest, VotesCountOncePerPersonAcrossNodes) {
  RedisServer redis(dir_.path() / "redis");
  auto node_a = startTwoNodes(redis);
  auto alice_client = inMainForum(node_a->port(), "Alice on A");
  WsClient& alice = *alice_client;
  const v1::ServerEvent asked = alice.request(askRequest("main-forum", "Shared counts?"));
  ASSERT_TRUE(asked.has_ack()) << asked.DebugString();
  const uint64_t question = asked.ack().applied().seq();

  // Bob votes through B; Alice, on A, sees the count.
  WsClient bob(hub_->port());
  ASSERT_TRUE(bob.connect());
  const v1::ServerEvent welcome = bob.hello("Bob");
  ASSERT_TRUE(welcome.has_ack());
  const v1::ServerEvent joined = bob.join("main-forum");
  ASSERT_TRUE(joined.has_ack()) << joined.DebugString();
  if (joined.ack().joined().state().questions_size() == 0) {  // B follows the question from the log
    ASSERT_TRUE(bob.waitFor([](const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_question(); },
                            10s))
        << "B never followed the question";
  }
  const v1::ServerEvent voted = bob.request(voteQuestionRequest("main-forum", question));
  ASSERT_TRUE(voted.has_ack()) << voted.DebugString();
  const auto tally = alice.waitFor(
      [&](const v1::ServerEvent& e) {
        return e.has_tally() && e.tally().questions_size() > 0 && e.tally().questions(0).votes() == 1;
      },
      5s);
  EXPECT_TRUE(tally.has_value()) << "A never counted B's vote";

  // Bob again, through A, as the same person (his resume token): one vote.
  WsClient bob_on_a(node_a->port());
  ASSERT_TRUE(bob_on_a.connect());
  v1::ClientMessage hello;
  hello.mutable_hello()->set_resume_token(welcome.ack().welcome().resume_token());
  ASSERT_TRUE(bob_on_a.request(hello).has_ack());
  ASSERT_TRUE(bob_on_a.join("main-forum").has_ack());
  const v1::ServerEvent twice = bob_on_a.request(voteQuestionRequest("main-forum", question));
  ASSERT_TRUE(twice.has_error()) << twice.DebugString();
  EXPECT_EQ(twice.error().code(), v1::ERROR_CODE_ALREADY_EXISTS);
}

// The viewers of a room as `client` hears them (Presence), once they are `n`.
bool hearsViewers(WsClient& client, uint32_t n, std::chrono::milliseconds within) {
  return client
      .waitFor([n](const v1::ServerEvent& e) { return e.has_presence() && e.presence().viewers() == n; }, within)
      .has_value();
}

TEST_F(ClusterHubTest, ViewersAreSummedAcrossNodesAndADeadNodesGoAway) {
  RedisServer redis(dir_.path() / "redis");
  auto node_a = startTwoNodes(redis);
  auto on_a_client = inMainForum(node_a->port(), "Alice on A");
  WsClient& on_a = *on_a_client;
  auto on_b = inMainForum(hub().port(), "Bob on B");
  auto also_b = inMainForum(hub().port(), "Carol on B");
  // Heartbeats every second: within a few, each node counts all three.
  EXPECT_TRUE(hearsViewers(on_a, 3, 5s)) << "A never counted B's viewers";
  EXPECT_TRUE(hearsViewers(*on_b, 3, 5s)) << "B never counted A's viewer";

  // B dies without a goodbye: its viewers leave A's count when its heartbeat expires.
  hub_->kill9();
  EXPECT_TRUE(hearsViewers(on_a, 1, 10s)) << "a dead node's viewers stayed";
}

}  // namespace
}  // namespace hallcast::test
