#include "store/sqlite_event_log.h"

#include <string>

namespace hallcast {
namespace {

constexpr int kSchemaVersion = 1;

}  // namespace

SqliteEventLog::SqliteEventLog(SqliteDb& db) : db_(db) {
  db_.exec("CREATE TABLE IF NOT EXISTS room_events ("
           " room_id TEXT NOT NULL,"
           " seq INTEGER NOT NULL,"
           " time_unix_ms INTEGER NOT NULL,"
           " payload BLOB NOT NULL,"
           " PRIMARY KEY (room_id, seq)) WITHOUT ROWID");
  db_.exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
  insert_ = db_.prepare("INSERT INTO room_events (room_id, seq, time_unix_ms, payload) VALUES (?, ?, ?, ?)");
  head_ = db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM room_events WHERE room_id = ?");
  tail_ = db_.prepare(
      "SELECT seq, time_unix_ms, payload FROM room_events WHERE room_id = ? "
      "ORDER BY seq DESC LIMIT ?");
  after_ = db_.prepare(
      "SELECT seq, time_unix_ms, payload FROM room_events WHERE room_id = ? AND seq > ? "
      "ORDER BY seq LIMIT ?");
}

void SqliteEventLog::append(std::span<const StoredEvent> events) {
  if (events.empty()) return;
  db_.exec("BEGIN IMMEDIATE");
  try {
    for (const StoredEvent& e : events) {
      StatementScope scope{insert_};
      bindText(insert_, 1, e.room_id);
      sqlite3_bind_int64(insert_, 2, static_cast<sqlite3_int64>(e.seq));
      sqlite3_bind_int64(insert_, 3, e.time_unix_ms);
      sqlite3_bind_blob(insert_, 4, e.payload.data(), static_cast<int>(e.payload.size()), SQLITE_STATIC);
      if (sqlite3_step(insert_) != SQLITE_DONE) db_.fail("append");
    }
    db_.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

uint64_t SqliteEventLog::headSeq(const std::string& room_id) {
  StatementScope scope{head_};
  bindText(head_, 1, room_id);
  if (sqlite3_step(head_) != SQLITE_ROW) db_.fail("read head");
  return static_cast<uint64_t>(sqlite3_column_int64(head_, 0));
}

std::vector<StoredEvent> SqliteEventLog::readTail(const std::string& room_id, std::size_t max_events) {
  StatementScope scope{tail_};
  bindText(tail_, 1, room_id);
  sqlite3_bind_int64(tail_, 2, static_cast<sqlite3_int64>(max_events));
  std::vector<StoredEvent> out = readRows(tail_, room_id);
  return {out.rbegin(), out.rend()};
}

std::vector<StoredEvent> SqliteEventLog::readAfter(const std::string& room_id, uint64_t after_seq,
                                                   std::size_t max_events) {
  StatementScope scope{after_};
  bindText(after_, 1, room_id);
  sqlite3_bind_int64(after_, 2, static_cast<sqlite3_int64>(after_seq));
  sqlite3_bind_int64(after_, 3, static_cast<sqlite3_int64>(max_events));
  return readRows(after_, room_id);
}

std::vector<StoredEvent> SqliteEventLog::readRows(sqlite3_stmt* stmt, const std::string& room_id) {
  std::vector<StoredEvent> out;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    StoredEvent e;
    e.room_id = room_id;
    e.seq = static_cast<uint64_t>(sqlite3_column_int64(stmt, 0));
    e.time_unix_ms = sqlite3_column_int64(stmt, 1);
    const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, 2));
    e.payload.assign(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, 2)));
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) db_.fail("read events");
  return out;
}

}  // namespace hallcast
