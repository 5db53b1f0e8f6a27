#pragma once
// Votes, kept durably apart from the room events: a vote changes a count,
// not the room's story, and ten thousand of them must not become ten
// thousand events for every member. One vote per (room, ballot, voter).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hallcast {

struct StoredVote {
  std::string room_id;
  std::string ballot;  // "q/<question id>" or "p/<poll id>"
  std::string voter;   // user id
  int64_t choice = 0;  // a poll's option; 1 for a question's upvote
};

// A vote given, or taken back.
struct VoteChange {
  StoredVote vote;
  bool removed = false;
};

class VoteStore {
 public:
  virtual ~VoteStore() = default;
  // Stores the changes in order, durably, as one write where the store
  // can (SQLite: one transaction); throws StoreError.
  virtual void change(std::span<const VoteChange> changes) {
    for (const VoteChange& c : changes) {
      if (c.removed) {
        remove(c.vote.room_id, c.vote.ballot, c.vote.voter);
      } else {
        put(c.vote);
      }
    }
  }
  // Stores the vote durably (replacing the voter's earlier one on the same
  // ballot); throws StoreError, in which case nothing changed.
  virtual void put(const StoredVote& vote) = 0;
  // Takes the voter's vote on the ballot back.
  virtual void remove(const std::string& room_id, const std::string& ballot, const std::string& voter) = 0;
  virtual std::vector<StoredVote> readRoom(const std::string& room_id) = 0;
};

}  // namespace hallcast
