#pragma once
// Votes, kept durably apart from the room events: a vote changes a count,
// not the room's story, and ten thousand of them must not become ten
// thousand events for every member. One vote per (room, ballot, voter).

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hallcast {

// What is voted on: a question (upvotes) or a poll (one option each).
struct Ballot {
  enum class Kind : char { kPoll = 'p', kQuestion = 'q' };
  Kind kind = Kind::kQuestion;
  uint64_t id = 0;

  static Ballot question(uint64_t id) { return {Kind::kQuestion, id}; }
  static Ballot poll(uint64_t id) { return {Kind::kPoll, id}; }
  // How the stores key it ("q/12", "p/40": never a space), and back;
  // nullopt for a key that names no ballot.
  std::string key() const { return std::string(1, static_cast<char>(kind)) + "/" + std::to_string(id); }
  static std::optional<Ballot> fromKey(std::string_view key);

  auto operator<=>(const Ballot&) const = default;
};

struct StoredVote {
  std::string room_id;
  Ballot ballot;
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
  virtual void remove(const std::string& room_id, const Ballot& ballot, const std::string& voter) = 0;
  virtual std::vector<StoredVote> readRoom(const std::string& room_id) = 0;
};

inline std::optional<Ballot> Ballot::fromKey(std::string_view key) {
  if (key.size() < 3 || key[1] != '/' || (key[0] != 'p' && key[0] != 'q')) return std::nullopt;
  uint64_t id = 0;
  for (const char c : key.substr(2)) {
    if (c < '0' || c > '9' || id > (UINT64_MAX - 9) / 10) return std::nullopt;
    id = id * 10 + static_cast<uint64_t>(c - '0');
  }
  return Ballot{static_cast<Kind>(key[0]), id};
}

}  // namespace hallcast
