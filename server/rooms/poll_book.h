#pragma once
// A room's polls: drafts, the open one, the closed ones with their results,
// and each person's vote. Pure, like QuestionBoard: requests become
// PollChanges that the hub stores and then applies here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hallcast/v1/interaction.pb.h"
#include "rooms/rejection.h"

namespace hallcast {

inline constexpr uint32_t kMaxPollQuestionChars = 300;
inline constexpr uint32_t kMaxPollOptionChars = 100;
inline constexpr int kMinPollOptions = 2;
inline constexpr int kMaxPollOptions = 6;

class PollBook {
 public:
  explicit PollBook(uint32_t max_polls = 200) : max_polls_(max_polls) {}

  // A draft poll, id `id`; question and options already normalised.
  Checked<v1::PollChange> create(uint64_t id, std::string question, std::vector<std::string> options,
                                 const v1::User& actor) const;
  // Opens a draft (when no other poll is open) or closes the open poll.
  Checked<v1::PollChange> change(uint64_t id, v1::PollState state, const v1::User& actor) const;
  std::optional<Rejection> checkVote(uint64_t id, uint32_t option) const;

  void apply(const v1::PollChange& change);
  // Records a stored vote (replacing the voter's earlier one); returns the
  // chosen option's votes.
  uint32_t applyVote(uint64_t id, const std::string& voter, uint32_t option);

  const v1::Poll* find(uint64_t id) const;
  // The polls in id order; drafts only for moderators.
  std::vector<v1::Poll> list(bool moderator) const;
  // (poll id, option) of each of `voter`'s votes.
  std::vector<std::pair<uint64_t, uint32_t>> votesOf(const std::string& voter) const;

 private:
  struct Entry {
    v1::Poll poll;  // votes and total_votes kept equal to the ballots
    std::unordered_map<std::string, uint32_t> ballots;  // voter -> option
  };
  Checked<const Entry*> lookup(uint64_t id) const;

  uint32_t max_polls_;
  std::map<uint64_t, Entry> entries_;
  uint64_t open_ = 0;  // the open poll's id, 0: none
};

}  // namespace hallcast
