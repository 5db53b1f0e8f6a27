#pragma once
// VoteStore in the hub's SQLite file.

#include "store/sqlite_db.h"
#include "store/vote_store.h"

namespace hallcast {

class SqliteVoteStore final : public VoteStore {
 public:
  explicit SqliteVoteStore(SqliteDb& db);

  void change(std::span<const VoteChange> changes) override;
  void put(const StoredVote& vote) override;
  void remove(const std::string& room_id, const Ballot& ballot, const std::string& voter) override;
  std::vector<StoredVote> readRoom(const std::string& room_id) override;

 private:
  SqliteDb& db_;
  sqlite3_stmt* put_ = nullptr;
  sqlite3_stmt* remove_ = nullptr;
  sqlite3_stmt* read_ = nullptr;
};

}  // namespace hallcast
