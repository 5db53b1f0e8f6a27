#pragma once
// EventLog in an embedded SQLite file (WAL mode): the default single-node store.

#include <sqlite3.h>

#include <filesystem>

#include "config/event_config.h"
#include "store/event_log.h"

namespace hallcast {

class SqliteEventLog final : public EventLog {
 public:
  // Opens (creating if needed) `<data_dir>/hallcast.db`. Throws StoreError.
  SqliteEventLog(const std::filesystem::path& data_dir, SyncMode sync);
  ~SqliteEventLog() override;
  SqliteEventLog(const SqliteEventLog&) = delete;
  SqliteEventLog& operator=(const SqliteEventLog&) = delete;

  void append(std::span<const StoredEvent> events) override;
  uint64_t headSeq(const std::string& room_id) override;
  std::vector<StoredEvent> readTail(const std::string& room_id, std::size_t max_events) override;

 private:
  void exec(const char* sql);
  sqlite3_stmt* prepare(const char* sql);
  [[noreturn]] void fail(const char* what);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* head_ = nullptr;
  sqlite3_stmt* tail_ = nullptr;
};

}  // namespace hallcast
