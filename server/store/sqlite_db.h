#pragma once
// One connection to the hub's SQLite file (<data_dir>/hallcast.db, WAL mode),
// shared by the stores that keep their tables in it.

#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "config/event_config.h"

namespace hallcast {

class SqliteDb {
 public:
  // Opens (creating if needed) `<data_dir>/hallcast.db`. Throws StoreError.
  SqliteDb(const std::filesystem::path& data_dir, SyncMode sync);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const char* sql);
  // A persistent statement, finalized with the connection.
  sqlite3_stmt* prepare(const char* sql);
  [[noreturn]] void fail(const char* what);
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Resets a statement when the scope ends, whatever happened in it.
struct StatementScope {
  sqlite3_stmt* stmt;
  ~StatementScope() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

// Binds a string without copying it (it must outlive the step).
inline void bindText(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
// A temporary would be gone before the step reads it.
void bindText(sqlite3_stmt* stmt, int index, std::string&& text) = delete;

inline std::string columnText(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

}  // namespace hallcast
