#pragma once
// EventLog in the hub's SQLite file (WAL mode): the default single-node store.

#include "store/event_log.h"
#include "store/sqlite_db.h"

namespace hallcast {

class SqliteEventLog final : public EventLog {
 public:
  // Creates the table if needed. Throws StoreError.
  explicit SqliteEventLog(SqliteDb& db);

  void append(std::span<const StoredEvent> events) override;
  uint64_t headSeq(const std::string& room_id) override;
  std::vector<StoredEvent> readTail(const std::string& room_id, std::size_t max_events) override;
  std::vector<StoredEvent> readAfter(const std::string& room_id, uint64_t after_seq, std::size_t max_events) override;

 private:
  // The rows `stmt` (seq, time, payload) yields, in its order.
  std::vector<StoredEvent> readRows(sqlite3_stmt* stmt, const std::string& room_id);

  SqliteDb& db_;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* head_ = nullptr;
  sqlite3_stmt* tail_ = nullptr;
  sqlite3_stmt* after_ = nullptr;
};

}  // namespace hallcast
