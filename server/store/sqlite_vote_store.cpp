#include "store/sqlite_vote_store.h"

#include "store/event_log.h"

namespace hallcast {

SqliteVoteStore::SqliteVoteStore(SqliteDb& db) : db_(db) {
  db_.exec("CREATE TABLE IF NOT EXISTS votes ("
           " room_id TEXT NOT NULL,"
           " ballot TEXT NOT NULL,"
           " voter TEXT NOT NULL,"
           " choice INTEGER NOT NULL,"
           " PRIMARY KEY (room_id, ballot, voter)) WITHOUT ROWID");
  put_ = db_.prepare("INSERT OR REPLACE INTO votes (room_id, ballot, voter, choice) VALUES (?, ?, ?, ?)");
  remove_ = db_.prepare("DELETE FROM votes WHERE room_id = ? AND ballot = ? AND voter = ?");
  read_ = db_.prepare("SELECT ballot, voter, choice FROM votes WHERE room_id = ?");
}

void SqliteVoteStore::change(std::span<const VoteChange> changes) {
  if (changes.empty()) return;
  db_.exec("BEGIN IMMEDIATE");
  try {
    VoteStore::change(changes);
    db_.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void SqliteVoteStore::put(const StoredVote& vote) {
  StatementScope scope{put_};
  bindText(put_, 1, vote.room_id);
  const std::string ballot = vote.ballot.key();  // bound, not copied: it must outlive the step
  bindText(put_, 2, ballot);
  bindText(put_, 3, vote.voter);
  sqlite3_bind_int64(put_, 4, vote.choice);
  if (sqlite3_step(put_) != SQLITE_DONE) db_.fail("store a vote");
}

void SqliteVoteStore::remove(const std::string& room_id, const Ballot& ballot, const std::string& voter) {
  StatementScope scope{remove_};
  bindText(remove_, 1, room_id);
  const std::string key = ballot.key();  // bound, not copied: it must outlive the step
  bindText(remove_, 2, key);
  bindText(remove_, 3, voter);
  if (sqlite3_step(remove_) != SQLITE_DONE) db_.fail("remove a vote");
}

std::vector<StoredVote> SqliteVoteStore::readRoom(const std::string& room_id) {
  StatementScope scope{read_};
  bindText(read_, 1, room_id);
  std::vector<StoredVote> out;
  int rc;
  while ((rc = sqlite3_step(read_)) == SQLITE_ROW) {
    const std::string key = columnText(read_, 0);
    const auto ballot = Ballot::fromKey(key);
    if (!ballot) throw StoreError("a vote in the store names no ballot (\"" + key + "\")");
    StoredVote vote;
    vote.room_id = room_id;
    vote.ballot = *ballot;
    vote.voter = columnText(read_, 1);
    vote.choice = sqlite3_column_int64(read_, 2);
    out.push_back(std::move(vote));
  }
  if (rc != SQLITE_DONE) db_.fail("read votes");
  return out;
}

}  // namespace hallcast
