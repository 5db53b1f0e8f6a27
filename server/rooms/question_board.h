#pragma once
// A room's questions: what was asked, by whom, its status, its votes and the
// one pinned as "now answering". Pure: requests are checked against it and
// turned into QuestionChanges, which the hub stores and then applies here
// (the same apply rebuilds the board from the log after a restart).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "hallcast/v1/interaction.pb.h"
#include "rooms/rejection.h"

namespace hallcast {

inline constexpr uint32_t kMaxQuestionChars = 300;

class QuestionBoard {
 public:
  explicit QuestionBoard(uint32_t max_questions = 2000) : max_questions_(max_questions) {}

  // A new question, id `id` (the seq of the event that will carry it).
  // `text` is already normalised.
  Checked<v1::QuestionChange> ask(uint64_t id, const v1::User& author, std::string text, bool anonymous,
                                  bool premoderated, const google::protobuf::Timestamp& now) const;
  Checked<v1::QuestionChange> withdraw(uint64_t id, const std::string& user_id) const;
  // `text` is normalised when the action takes one (APPROVE, EDIT, REPLY).
  Checked<v1::QuestionChange> moderate(uint64_t id, v1::QuestionModeration action, std::string text,
                                       const v1::User& actor) const;

  // Whether `voter` may vote `up` (or take the vote back) on question `id`.
  std::optional<Rejection> checkVote(uint64_t id, const std::string& voter, bool up) const;

  // Makes a stored change part of the board.
  void apply(const v1::QuestionChange& change);
  // Records a stored vote (or takes it back); returns the question's votes.
  uint32_t applyVote(uint64_t id, const std::string& voter, bool up);

  // The question, or nullptr.
  const v1::Question* find(uint64_t id) const;
  uint64_t pinned() const { return pinned_; }
  std::size_t size() const { return entries_.size(); }

  // What `viewer` may see: moderators everything but withdrawn questions;
  // others the visible questions and their own pending or rejected ones,
  // anonymous authors hidden. `order` VOTES or TIME.
  std::vector<v1::Question> list(const std::string& viewer, bool moderator, v1::QuestionOrder order) const;
  // Every question, authors named (the moderators' export), oldest first.
  std::vector<v1::Question> all() const;
  // The questions `voter` upvoted.
  std::vector<uint64_t> votedBy(const std::string& voter) const;

 private:
  struct Entry {
    v1::Question question;  // votes kept equal to voters.size()
    std::unordered_set<std::string> voters;
  };
  // The question, or a NOT_FOUND refusal.
  Checked<const Entry*> lookup(uint64_t id) const;
  Checked<v1::QuestionChange> moderated(const Entry& entry, v1::QuestionModeration action,
                                        const v1::User& actor) const;

  uint32_t max_questions_;
  std::map<uint64_t, Entry> entries_;  // by id, which grows with time
  uint64_t pinned_ = 0;
};

// The question as attendees other than its author see it: without the
// author when anonymous.
v1::Question forAttendees(const v1::Question& question);

}  // namespace hallcast
