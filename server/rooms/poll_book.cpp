#include "rooms/poll_book.h"

namespace hallcast {
namespace {

Rejection refuse(v1::ErrorCode code, std::string message) { return Rejection{code, std::move(message)}; }

std::string pollName(uint64_t id) { return "poll " + std::to_string(id); }

}  // namespace

Checked<v1::PollChange> PollBook::create(uint64_t id, std::string question, std::vector<std::string> options,
                                         const v1::User& actor) const {
  if (entries_.size() >= max_polls_) {
    return refuse(v1::ERROR_CODE_RESOURCE_EXHAUSTED,
                  "this room has reached its limit of " + std::to_string(max_polls_) + " polls");
  }
  if (static_cast<int>(options.size()) < kMinPollOptions || static_cast<int>(options.size()) > kMaxPollOptions) {
    return refuse(v1::ERROR_CODE_INVALID_ARGUMENT,
                  "a poll has 2 to 6 options; this one has " + std::to_string(options.size()));
  }
  for (std::size_t i = 0; i < options.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (options[i] == options[j]) {
        return refuse(v1::ERROR_CODE_INVALID_ARGUMENT, "options " + std::to_string(j) + " and " +
                                                           std::to_string(i) + " are the same");
      }
    }
  }
  v1::PollChange change;
  change.set_kind(v1::PollChange::KIND_CREATED);
  v1::Poll* poll = change.mutable_poll();
  poll->set_id(id);
  poll->set_question(std::move(question));
  for (std::string& option : options) {
    poll->add_options(std::move(option));
    poll->add_votes(0);
  }
  poll->set_state(v1::POLL_STATE_DRAFT);
  *change.mutable_actor() = actor;
  return change;
}

Checked<const PollBook::Entry*> PollBook::lookup(uint64_t id) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) return refuse(v1::ERROR_CODE_NOT_FOUND, "no " + pollName(id) + " in this room");
  return &it->second;
}

Checked<v1::PollChange> PollBook::change(uint64_t id, v1::PollState state, const v1::User& actor) const {
  auto found = lookup(id);
  if (auto* r = std::get_if<Rejection>(&found)) return *r;
  const v1::Poll& poll = std::get<const Entry*>(found)->poll;
  v1::PollChange change;
  *change.mutable_poll() = poll;
  *change.mutable_actor() = actor;
  if (state == v1::POLL_STATE_OPEN) {
    if (poll.state() != v1::POLL_STATE_DRAFT) {
      return refuse(v1::ERROR_CODE_FAILED_PRECONDITION,
                    pollName(id) + (poll.state() == v1::POLL_STATE_OPEN ? " is already open" : " is closed; create a new poll"));
    }
    if (open_ != 0) {
      return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, pollName(open_) + " is open; close it first");
    }
    change.set_kind(v1::PollChange::KIND_OPENED);
  } else if (state == v1::POLL_STATE_CLOSED) {
    if (poll.state() != v1::POLL_STATE_OPEN) {
      return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, pollName(id) + " is not open");
    }
    change.set_kind(v1::PollChange::KIND_CLOSED);
  } else {
    return refuse(v1::ERROR_CODE_INVALID_ARGUMENT, "state must be OPEN or CLOSED");
  }
  change.mutable_poll()->set_state(state);
  return change;
}

std::optional<Rejection> PollBook::checkVote(uint64_t id, uint32_t option) const {
  auto found = lookup(id);
  if (auto* r = std::get_if<Rejection>(&found)) return *r;
  const v1::Poll& poll = std::get<const Entry*>(found)->poll;
  if (poll.state() == v1::POLL_STATE_DRAFT) {
    return refuse(v1::ERROR_CODE_NOT_FOUND, "no " + pollName(id) + " in this room");  // drafts are not shown
  }
  if (poll.state() == v1::POLL_STATE_CLOSED) {
    return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, pollName(id) + " is closed");
  }
  if (option >= static_cast<uint32_t>(poll.options_size())) {
    return refuse(v1::ERROR_CODE_INVALID_ARGUMENT, "option must be 0.." + std::to_string(poll.options_size() - 1));
  }
  return std::nullopt;
}

void PollBook::apply(const v1::PollChange& change) {
  const v1::Poll& incoming = change.poll();
  Entry& entry = entries_[incoming.id()];
  const bool created = change.kind() == v1::PollChange::KIND_CREATED;
  // Results come from the ballots, not from the stored event's copy.
  v1::Poll poll = incoming;
  if (!created) {
    poll.mutable_votes()->CopyFrom(entry.poll.votes());
    poll.set_total_votes(entry.poll.total_votes());
  }
  entry.poll = std::move(poll);
  if (incoming.state() == v1::POLL_STATE_OPEN) {
    open_ = incoming.id();
  } else if (open_ == incoming.id()) {
    open_ = 0;
  }
}

uint32_t PollBook::applyVote(uint64_t id, const std::string& voter, uint32_t option) {
  auto it = entries_.find(id);
  if (it == entries_.end() || option >= static_cast<uint32_t>(it->second.poll.options_size())) return 0;
  Entry& entry = it->second;
  v1::Poll& poll = entry.poll;
  auto [ballot, first] = entry.ballots.try_emplace(voter, option);
  if (first) {
    poll.set_total_votes(poll.total_votes() + 1);
  } else {
    poll.set_votes(static_cast<int>(ballot->second), poll.votes(static_cast<int>(ballot->second)) - 1);
    ballot->second = option;
  }
  poll.set_votes(static_cast<int>(option), poll.votes(static_cast<int>(option)) + 1);
  return poll.votes(static_cast<int>(option));
}

const v1::Poll* PollBook::find(uint64_t id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second.poll;
}

std::vector<v1::Poll> PollBook::list(bool moderator) const {
  std::vector<v1::Poll> out;
  for (const auto& [id, entry] : entries_) {
    if (moderator || entry.poll.state() != v1::POLL_STATE_DRAFT) out.push_back(entry.poll);
  }
  return out;
}

std::vector<std::pair<uint64_t, uint32_t>> PollBook::votesOf(const std::string& voter) const {
  std::vector<std::pair<uint64_t, uint32_t>> out;
  for (const auto& [id, entry] : entries_) {
    if (auto it = entry.ballots.find(voter); it != entry.ballots.end()) out.emplace_back(id, it->second);
  }
  return out;
}

}  // namespace hallcast
