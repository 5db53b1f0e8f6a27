// Cluster mode's stores against a real redis-server (AOF, fsync always)
// started by the test: the room logs in Redis Streams, seqs that two writers
// can never both take, votes, and a Redis killed and restarted under them.

#include <gtest/gtest.h>

#include <algorithm>

#include "store/redis_db.h"
#include "store/redis_event_log.h"
#include "store/redis_vote_store.h"
#include "support/hub_process.h"
#include "support/temp_dir.h"
#include "support/redis_server.h"

namespace hallcast::test {
namespace {

StoredEvent event(const std::string& room, uint64_t seq, const std::string& payload) {
  return StoredEvent{room, seq, 1'790'000'000'000 + static_cast<int64_t>(seq), payload};
}

std::vector<uint64_t> seqsOf(const std::vector<StoredEvent>& events) {
  std::vector<uint64_t> seqs;
  for (const StoredEvent& e : events) seqs.push_back(e.seq);
  return seqs;
}

RedisAddress addressOf(const RedisServer& redis) { return *parseRedisUrl(redis.url()).address; }

TEST(RedisEventLog, AppendsReadsAndRefusesASeqTakenByAnotherWriter) {
  TempDir dir;
  RedisServer redis(dir.path() / "redis");
  RedisDb node_a(addressOf(redis), "hallcast:{test}:");
  RedisDb node_b(addressOf(redis), "hallcast:{test}:");
  RedisEventLog a(node_a);
  RedisEventLog b(node_b);

  EXPECT_EQ(a.headSeq("main-forum"), 0u);
  const std::string binary("\0\x01payload\xff", 11);
  const StoredEvent first[] = {event("main-forum", 1, binary), event("main-forum", 2, "two")};
  a.append(first);
  EXPECT_EQ(b.headSeq("main-forum"), 2u) << "both nodes see one log";
  const auto tail = b.readTail("main-forum", 10);
  ASSERT_EQ(seqsOf(tail), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(tail[0].payload, binary) << "payloads are binary-safe";
  EXPECT_EQ(tail[0].time_unix_ms, 1'790'000'000'001);
  EXPECT_EQ(tail[0].room_id, "main-forum");

  // Node B, not knowing of seq 2, tries to give it to another event.
  const StoredEvent stale[] = {event("main-forum", 2, "B's")};
  EXPECT_THROW(b.append(stale), StoreError);
  // An append to two rooms where one seq is taken writes neither.
  const StoredEvent both[] = {event("panel-a", 1, "p1"), event("main-forum", 2, "again")};
  EXPECT_THROW(a.append(both), StoreError);
  EXPECT_EQ(a.headSeq("panel-a"), 0u) << "half an atomic append was stored";
  // The very same events again (a reply lost on the way): already stored.
  EXPECT_NO_THROW(a.append(first));
  EXPECT_EQ(a.headSeq("main-forum"), 2u);
  // A gap is refused too: seqs stay dense.
  const StoredEvent gap[] = {event("main-forum", 4, "four")};
  EXPECT_THROW(a.append(gap), StoreError);

  const StoredEvent next[] = {event("panel-a", 1, "p1"), event("main-forum", 3, "three")};
  b.append(next);
  EXPECT_EQ(seqsOf(a.readAfter("main-forum", 1, 10)), (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(seqsOf(a.readAfter("main-forum", 0, 2)), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(seqsOf(a.readTail("main-forum", 1)), (std::vector<uint64_t>{3}));
  EXPECT_TRUE(a.readAfter("main-forum", 3, 10).empty());
  EXPECT_TRUE(a.readTail("nowhere", 10).empty());

  // Redis dies without a goodbye and comes back: what it acknowledged is
  // there, and the connections find it again by themselves.
  redis.kill9AndRestart();
  EXPECT_EQ(a.headSeq("main-forum"), 3u);
  EXPECT_EQ(seqsOf(b.readTail("panel-a", 10)), (std::vector<uint64_t>{1}));
}

TEST(RedisVoteStore, KeepsOneVotePerVoterAndBallot) {
  TempDir dir;
  RedisServer redis(dir.path() / "redis");
  RedisDb db(addressOf(redis), "hallcast:{test}:");
  RedisVoteStore votes(db);
  votes.put({"main-forum", Ballot::poll(7), "u-1", 0});
  votes.put({"main-forum", Ballot::poll(7), "u-1", 2});  // changed
  votes.put({"main-forum", Ballot::question(3), "u-1", 1});
  votes.put({"main-forum", Ballot::question(3), "u-2", 1});
  votes.remove("main-forum", Ballot::question(3), "u-2");
  votes.put({"panel-a", Ballot::question(3), "u-9", 1});
  auto stored = votes.readRoom("main-forum");
  std::sort(stored.begin(), stored.end(), [](auto& x, auto& y) { return x.ballot < y.ballot; });
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].ballot, Ballot::poll(7));
  EXPECT_EQ(stored[0].voter, "u-1");
  EXPECT_EQ(stored[0].choice, 2);
  EXPECT_EQ(stored[1].ballot, Ballot::question(3));
  EXPECT_EQ(votes.readRoom("panel-a").size(), 1u);
}

TEST(RedisDb, SaysWhereItCannotConnect) {
  RedisAddress nowhere{"127.0.0.1", freeTcpPort()};
  try {
    RedisDb db(nowhere, "x:");
    FAIL() << "connected to nothing";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("redis://127.0.0.1:" + std::to_string(nowhere.port)), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace hallcast::test
