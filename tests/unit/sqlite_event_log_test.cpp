#include "store/sqlite_event_log.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace hallcast {
namespace {

StoredEvent event(const std::string& room, uint64_t seq) {
  return {room, seq, 1000 + static_cast<int64_t>(seq), "payload-" + std::to_string(seq)};
}

TEST(SqliteEventLog, AppendsAndReadsBackPerRoom) {
  test::TempDir dir;
  SqliteEventLog log(dir.path(), SyncMode::kNormal);
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
}

TEST(SqliteEventLog, SurvivesReopening) {
  test::TempDir dir;
  {
    SqliteEventLog log(dir.path(), SyncMode::kFull);
    log.append(std::vector<StoredEvent>{event("a", 1), event("a", 2)});
  }
  SqliteEventLog reopened(dir.path(), SyncMode::kNormal);
  EXPECT_EQ(reopened.headSeq("a"), 2u);
  EXPECT_EQ(reopened.readTail("a", 10).size(), 2u);
}

TEST(SqliteEventLog, ADuplicateSeqFailsTheWholeBatch) {
  test::TempDir dir;
  SqliteEventLog log(dir.path(), SyncMode::kNormal);
  log.append(std::vector<StoredEvent>{event("a", 1)});
  EXPECT_THROW(log.append(std::vector<StoredEvent>{event("a", 2), event("a", 1)}), StoreError);
  EXPECT_EQ(log.headSeq("a"), 1u);  // seq 2 was rolled back with the batch
  log.append(std::vector<StoredEvent>{event("a", 2)});
  EXPECT_EQ(log.headSeq("a"), 2u);
}

TEST(SqliteEventLog, UsesWriteAheadLogging) {
  test::TempDir dir;
  { SqliteEventLog log(dir.path(), SyncMode::kNormal); }
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
  EXPECT_THROW(SqliteEventLog("/proc/hallcast-cannot-be-here", SyncMode::kNormal), StoreError);
}

}  // namespace
}  // namespace hallcast
