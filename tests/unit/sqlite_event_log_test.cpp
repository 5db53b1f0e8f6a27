#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/temp_dir.h"

namespace hallcast {
namespace {

StoredEvent event(const std::string& room, uint64_t seq) {
  return {room, seq, 1000 + static_cast<int64_t>(seq), "payload-" + std::to_string(seq)};
}

TEST(SqliteEventLog, AppendsAndReadsBackPerRoom) {
  test::TempDir dir;
  SqliteDb db(dir.path(), SyncMode::kNormal);
  SqliteEventLog log(db);
  EXPECT_EQ(log.headSeq("a"), 0u);
  std::vector<StoredEvent> batch{event("a", 1), event("a", 2), event("b", 1)};
  log.append(batch);
  log.append(std::vector<StoredEvent>{event("a", 3)});
  EXPECT_EQ(log.headSeq("a"), 3u);
  EXPECT_EQ(log.headSeq("b"), 1u);
  auto tail = log.readTail("a", 2);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].seq, 2u);
  EXPECT_EQ(tail[1].seq, 3u);
  EXPECT_EQ(tail[1].payload, "payload-3");
  EXPECT_EQ(tail[1].time_unix_ms, 1003);
  auto after = log.readAfter("a", 1, 10);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].seq, 2u);
  EXPECT_EQ(after[1].seq, 3u);
  auto page = log.readAfter("a", 0, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[1].seq, 2u);
  EXPECT_TRUE(log.readAfter("a", 3, 10).empty());
}

TEST(SqliteEventLog, SurvivesReopening) {
  test::TempDir dir;
  {
    SqliteDb db(dir.path(), SyncMode::kFull);
    SqliteEventLog log(db);
    log.append(std::vector<StoredEvent>{event("a", 1), event("a", 2)});
  }
  SqliteDb db(dir.path(), SyncMode::kNormal);
  SqliteEventLog reopened(db);
  EXPECT_EQ(reopened.headSeq("a"), 2u);
  EXPECT_EQ(reopened.readTail("a", 10).size(), 2u);
}

TEST(SqliteEventLog, ADuplicateSeqFailsTheWholeBatch) {
  test::TempDir dir;
  SqliteDb db(dir.path(), SyncMode::kNormal);
  SqliteEventLog log(db);
  log.append(std::vector<StoredEvent>{event("a", 1)});
  EXPECT_THROW(log.append(std::vector<StoredEvent>{event("a", 2), event("a", 1)}), StoreError);
  EXPECT_EQ(log.headSeq("a"), 1u);  // seq 2 was rolled back with the batch
  log.append(std::vector<StoredEvent>{event("a", 2)});
  EXPECT_EQ(log.headSeq("a"), 2u);
}

TEST(SqliteEventLog, UsesWriteAheadLogging) {
  test::TempDir dir;
  {
    SqliteDb db(dir.path(), SyncMode::kNormal);
    SqliteEventLog log(db);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "hallcast.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SqliteEventLog, ReportsAnUnusableDataDir) {
  EXPECT_THROW(SqliteDb("/proc/hallcast-cannot-be-here", SyncMode::kNormal), StoreError);
}

TEST(SqliteVoteStore, KeepsOneVotePerVoterAndBallotAcrossReopening) {
  test::TempDir dir;
  {
    SqliteDb db(dir.path(), SyncMode::kNormal);
    SqliteVoteStore votes(db);
    votes.put({"a", Ballot::question(3), "u-1", 1});
    votes.put({"a", Ballot::question(3), "u-2", 1});
    votes.put({"a", Ballot::poll(7), "u-1", 0});
    votes.put({"a", Ballot::poll(7), "u-1", 2});  // changed its mind
    votes.put({"b", Ballot::question(3), "u-1", 1});
    votes.remove("a", Ballot::question(3), "u-2");
  }
  SqliteDb db(dir.path(), SyncMode::kNormal);
  SqliteVoteStore votes(db);
  auto stored = votes.readRoom("a");
  std::sort(stored.begin(), stored.end(), [](const StoredVote& x, const StoredVote& y) { return x.ballot < y.ballot; });
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].ballot, Ballot::poll(7));
  EXPECT_EQ(stored[0].choice, 2);
  EXPECT_EQ(stored[1].ballot, Ballot::question(3));
  EXPECT_EQ(stored[1].voter, "u-1");
  EXPECT_EQ(votes.readRoom("b").size(), 1u);
}

}  // namespace
}  // namespace hallcast
