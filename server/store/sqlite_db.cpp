#include "store/sqlite_db.h"

#include "store/event_log.h"

namespace hallcast {

SqliteDb::SqliteDb(const std::filesystem::path& data_dir, SyncMode sync) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw StoreError("cannot create data directory " + data_dir.string() + ": " + ec.message());
  const std::string path = (data_dir / "hallcast.db").string();
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  // WAL: a committed transaction is in the log file before COMMIT returns, so
  // it survives the process being killed. FULL adds an fsync per commit for
  // power loss.
  exec("PRAGMA journal_mode=WAL");
  exec(sync == SyncMode::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

SqliteDb::~SqliteDb() {
  // Finalizes the statements prepare() made, then closes.
  sqlite3_stmt* stmt = nullptr;
  while ((stmt = sqlite3_next_stmt(db_, nullptr)) != nullptr) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void SqliteDb::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StoreError(std::string("sqlite: ") + sql + ": " + msg);
  }
}

sqlite3_stmt* SqliteDb::prepare(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) fail("prepare");
  return stmt;
}

void SqliteDb::fail(const char* what) {
  throw StoreError(std::string("sqlite ") + what + ": " + sqlite3_errmsg(db_));
}

}  // namespace hallcast
