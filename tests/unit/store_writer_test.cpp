// StoreWriter: the store written on a thread of its own, each result handed
// back through the loop's queue, in the order the writes were given.
#include "store/store_writer.h"

#include <gtest/gtest.h>

#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"
#include "support/temp_dir.h"
#include "support/test_loop.h"

namespace hallcast {
namespace {

StoredEvent event(const std::string& room, uint64_t seq) {
  return {room, seq, 1000 + static_cast<int64_t>(seq), "payload-" + std::to_string(seq)};
}

using Loop = test::TestLoop;

struct Store {
  test::TempDir dir;
  SqliteDb db{dir.path(), SyncMode::kNormal};
  SqliteEventLog log{db};
  SqliteVoteStore votes{db};
};

TEST(StoreWriter, WritesOnItsThreadAndAnswersOnTheLoopInOrder) {
  Store store;
  Loop loop;
  StoreWriter writer(store.log, store.votes, loop.post());
  std::vector<std::string> answered;
  WriteBatch first;
  first.events = {event("a", 1), event("a", 2), event("b", 1)};
  first.votes.push_back({{"a", Ballot::question(1), "u1", 1}, false});
  writer.write(first, [&](WriteResult r) {
    EXPECT_TRUE(r.events.stored()) << r.events.error;
    EXPECT_TRUE(r.votes.stored()) << r.votes.error;
    answered.push_back("first");
  });
  WriteBatch second;
  second.events = {event("a", 3)};
  second.votes.push_back({{"a", Ballot::question(1), "u1", 1}, true});
  writer.write(second, [&](WriteResult r) {
    EXPECT_TRUE(r.events.stored());
    answered.push_back("second");
  });
  EXPECT_TRUE(answered.empty()) << "answered on the writer's thread";
  loop.runAfter(2);
  EXPECT_EQ(answered, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(store.log.headSeq("a"), 3u);
  EXPECT_EQ(store.log.headSeq("b"), 1u);
  EXPECT_TRUE(store.votes.readRoom("a").empty()) << "the vote given, then taken back";

  std::vector<StoredEvent> read;
  writer.read({{"a", 1}, {"b", 0}}, [&](std::vector<StoredEvent> events, std::string error) {
    EXPECT_EQ(error, "");
    read = std::move(events);
  });
  loop.runAfter(1);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].seq, 2u);
  EXPECT_EQ(read[1].seq, 3u);
  EXPECT_EQ(read[2].room_id, "b");
}

TEST(StoreWriter, ARefusedBatchStoresNoneOfItsEvents) {
  Store store;
  Loop loop;
  StoreWriter writer(store.log, store.votes, loop.post());
  WriteBatch one;
  one.events = {event("a", 1)};
  writer.write(one, [](WriteResult r) { EXPECT_TRUE(r.events.stored()); });
  WriteBatch clashing;  // seq 1 again: the log refuses the whole batch
  clashing.events = {event("a", 2), event("a", 1)};
  clashing.votes.push_back({{"a", Ballot::poll(7), "u1", 2}, false});
  WriteResult result;
  writer.write(clashing, [&](WriteResult r) { result = std::move(r); });
  loop.runAfter(2);
  EXPECT_EQ(result.events.status, WriteOutcome::Status::kFailed);
  EXPECT_NE(result.events.error, "");
  EXPECT_EQ(store.log.headSeq("a"), 1u) << "seq 2 was not kept";
  EXPECT_TRUE(result.votes.stored()) << "votes are their own write";
  EXPECT_EQ(store.votes.readRoom("a").size(), 1u);
}

TEST(StoreWriter, WithoutALoopEachJobRunsAtOnce) {
  Store store;
  StoreWriter writer(store.log, store.votes);
  bool done = false;
  WriteBatch batch;
  batch.events = {event("a", 1)};
  writer.write(batch, [&](WriteResult r) { done = r.events.stored(); });
  EXPECT_TRUE(done);
  std::string error = "not run";
  writer.run([] { throw StoreUnavailable("redis: out of reach"); }, [&](std::string e) { error = std::move(e); });
  EXPECT_EQ(error, "redis: out of reach");
}

}  // namespace
}  // namespace hallcast
