#include "store/sqlite_event_log.h"

#include <string>

namespace hallcast {
namespace {

// Statements are reset when the scope ends, whatever happened in it.
struct StatementScope {
  sqlite3_stmt* stmt;
  ~StatementScope() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

constexpr int kSchemaVersion = 1;

}  // namespace

SqliteEventLog::SqliteEventLog(const std::filesystem::path& data_dir, SyncMode sync) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw StoreError("cannot create data directory " + data_dir.string() + ": " + ec.message());
  const std::string path = (data_dir / "hallcast.db").string();
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
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
  exec("CREATE TABLE IF NOT EXISTS room_events ("
       " room_id TEXT NOT NULL,"
       " seq INTEGER NOT NULL,"
       " time_unix_ms INTEGER NOT NULL,"
       " payload BLOB NOT NULL,"
       " PRIMARY KEY (room_id, seq)) WITHOUT ROWID");
  exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
  insert_ = prepare("INSERT INTO room_events (room_id, seq, time_unix_ms, payload) VALUES (?, ?, ?, ?)");
  head_ = prepare("SELECT COALESCE(MAX(seq), 0) FROM room_events WHERE room_id = ?");
  tail_ = prepare(
      "SELECT seq, time_unix_ms, payload FROM room_events WHERE room_id = ? "
      "ORDER BY seq DESC LIMIT ?");
}

SqliteEventLog::~SqliteEventLog() {
  sqlite3_finalize(insert_);
  sqlite3_finalize(head_);
  sqlite3_finalize(tail_);
  sqlite3_close(db_);
}

void SqliteEventLog::append(std::span<const StoredEvent> events) {
  if (events.empty()) return;
  exec("BEGIN IMMEDIATE");
  try {
    for (const StoredEvent& e : events) {
      StatementScope scope{insert_};
      sqlite3_bind_text(insert_, 1, e.room_id.data(), static_cast<int>(e.room_id.size()), SQLITE_STATIC);
      sqlite3_bind_int64(insert_, 2, static_cast<sqlite3_int64>(e.seq));
      sqlite3_bind_int64(insert_, 3, e.time_unix_ms);
      sqlite3_bind_blob(insert_, 4, e.payload.data(), static_cast<int>(e.payload.size()), SQLITE_STATIC);
      if (sqlite3_step(insert_) != SQLITE_DONE) fail("append");
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

uint64_t SqliteEventLog::headSeq(const std::string& room_id) {
  StatementScope scope{head_};
  sqlite3_bind_text(head_, 1, room_id.data(), static_cast<int>(room_id.size()), SQLITE_STATIC);
  if (sqlite3_step(head_) != SQLITE_ROW) fail("read head");
  return static_cast<uint64_t>(sqlite3_column_int64(head_, 0));
}

std::vector<StoredEvent> SqliteEventLog::readTail(const std::string& room_id, std::size_t max_events) {
  StatementScope scope{tail_};
  sqlite3_bind_text(tail_, 1, room_id.data(), static_cast<int>(room_id.size()), SQLITE_STATIC);
  sqlite3_bind_int64(tail_, 2, static_cast<sqlite3_int64>(max_events));
  std::vector<StoredEvent> out;
  int rc;
  while ((rc = sqlite3_step(tail_)) == SQLITE_ROW) {
    StoredEvent e;
    e.room_id = room_id;
    e.seq = static_cast<uint64_t>(sqlite3_column_int64(tail_, 0));
    e.time_unix_ms = sqlite3_column_int64(tail_, 1);
    const auto* blob = static_cast<const char*>(sqlite3_column_blob(tail_, 2));
    e.payload.assign(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(tail_, 2)));
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) fail("read tail");
  return {out.rbegin(), out.rend()};
}

void SqliteEventLog::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StoreError(std::string("sqlite: ") + sql + ": " + msg);
  }
}

sqlite3_stmt* SqliteEventLog::prepare(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    fail("prepare");
  }
  return stmt;
}

void SqliteEventLog::fail(const char* what) {
  throw StoreError(std::string("sqlite ") + what + ": " + sqlite3_errmsg(db_));
}

}  // namespace hallcast
