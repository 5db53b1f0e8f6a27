// A hub in cluster mode (the event's `cluster` section) on a real
// redis-server started by the test: its events and votes live in Redis
// across kill -9 of the hub and of Redis, and a second node starts from the
// same log.

#include "support/interaction.h"
#include "support/redis_server.h"

namespace hallcast::test {
namespace {

class ClusterHubTest : public InteractionTest {
 protected:
  void startClusterHub(const RedisServer& redis, const std::string& node_id) {
    config_ = dir_.write("event.yaml", testEventYaml() + accessYaml() + "cluster:\n  redis: \"" + redis.url() +
                                           "\"\n  node_id: " + node_id + "\n");
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / ("data-" + node_id));
    hub_->start();
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

// Step 1 of clustering: a second node on the same Redis starts from the
// whole log (live fan-out across nodes is the next step).
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

}  // namespace
}  // namespace hallcast::test
