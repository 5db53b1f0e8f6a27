#include "rooms/question_board.h"

#include <algorithm>

namespace hallcast {
namespace {

using Status = v1::QuestionStatus;

Rejection refuse(v1::ErrorCode code, std::string message) { return Rejection{code, std::move(message)}; }

std::string questionName(uint64_t id) { return "question " + std::to_string(id); }

bool isStaffVisible(const v1::Question& q) { return q.status() != v1::QUESTION_STATUS_WITHDRAWN; }

}  // namespace

v1::Question forAttendees(const v1::Question& question) {
  v1::Question out = question;
  if (out.anonymous()) out.clear_author();
  return out;
}

Checked<v1::QuestionChange> QuestionBoard::ask(uint64_t id, const v1::User& author, std::string text,
                                               bool anonymous, bool premoderated,
                                               const google::protobuf::Timestamp& now) const {
  if (entries_.size() >= max_questions_) {
    return refuse(v1::ERROR_CODE_RESOURCE_EXHAUSTED,
                  "this room has reached its limit of " + std::to_string(max_questions_) + " questions");
  }
  v1::QuestionChange change;
  change.set_kind(v1::QuestionChange::KIND_ASKED);
  v1::Question* q = change.mutable_question();
  q->set_id(id);
  q->set_text(std::move(text));
  *q->mutable_author() = author;
  q->set_anonymous(anonymous);
  q->set_status(premoderated ? v1::QUESTION_STATUS_PENDING : v1::QUESTION_STATUS_VISIBLE);
  *q->mutable_asked_at() = now;
  *change.mutable_actor() = author;
  change.set_pinned_question_id(pinned_);
  return change;
}

Checked<const QuestionBoard::Entry*> QuestionBoard::lookup(uint64_t id) const {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.question.status() == v1::QUESTION_STATUS_WITHDRAWN) {
    return refuse(v1::ERROR_CODE_NOT_FOUND, "no " + questionName(id) + " in this room" +
                                                (it == entries_.end() ? "" : " (it was withdrawn)"));
  }
  return &it->second;
}

Checked<v1::QuestionChange> QuestionBoard::withdraw(uint64_t id, const std::string& user_id) const {
  auto found = lookup(id);
  if (auto* r = std::get_if<Rejection>(&found)) return *r;
  const Entry& entry = *std::get<const Entry*>(found);
  if (entry.question.author().user_id() != user_id) {
    return refuse(v1::ERROR_CODE_PERMISSION_DENIED, "only its author may withdraw " + questionName(id));
  }
  v1::QuestionChange change;
  change.set_kind(v1::QuestionChange::KIND_WITHDRAWN);
  *change.mutable_question() = entry.question;
  change.mutable_question()->set_status(v1::QUESTION_STATUS_WITHDRAWN);
  *change.mutable_actor() = entry.question.author();
  change.set_pinned_question_id(pinned_ == id ? 0 : pinned_);
  return change;
}

Checked<v1::QuestionChange> QuestionBoard::moderate(uint64_t id, v1::QuestionModeration action, std::string text,
                                                    const v1::User& actor) const {
  auto found = lookup(id);
  if (auto* r = std::get_if<Rejection>(&found)) return *r;
  const Entry& entry = *std::get<const Entry*>(found);
  auto change = moderated(entry, action, actor);
  if (std::holds_alternative<Rejection>(change)) return change;
  v1::Question* q = std::get<v1::QuestionChange>(change).mutable_question();
  switch (action) {
    case v1::QUESTION_MODERATION_APPROVE:
    case v1::QUESTION_MODERATION_EDIT:
      if (!text.empty() && text != q->text()) {
        q->set_text(std::move(text));
        q->set_edited(true);
      }
      break;
    case v1::QUESTION_MODERATION_REPLY:
      q->set_reply(std::move(text));
      break;
    default:
      break;
  }
  return change;
}

Checked<v1::QuestionChange> QuestionBoard::moderated(const Entry& entry, v1::QuestionModeration action,
                                                     const v1::User& actor) const {
  const v1::Question& current = entry.question;
  const uint64_t id = current.id();
  const bool visible = current.status() == v1::QUESTION_STATUS_VISIBLE;
  v1::QuestionChange change;
  change.set_kind(v1::QuestionChange::KIND_MODERATED);
  change.set_moderation(action);
  *change.mutable_question() = current;
  *change.mutable_actor() = actor;
  change.set_pinned_question_id(pinned_);
  v1::Question* q = change.mutable_question();
  const auto needVisible = [&](const char* what) -> std::optional<Rejection> {
    if (visible) return std::nullopt;
    return refuse(v1::ERROR_CODE_FAILED_PRECONDITION,
                  questionName(id) + " is not approved; approve it before " + what);
  };
  switch (action) {
    case v1::QUESTION_MODERATION_APPROVE:
      if (visible) return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is already approved");
      q->set_status(v1::QUESTION_STATUS_VISIBLE);
      break;
    case v1::QUESTION_MODERATION_REJECT:
      if (current.status() == v1::QUESTION_STATUS_REJECTED) {
        return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is already rejected");
      }
      q->set_status(v1::QUESTION_STATUS_REJECTED);
      if (pinned_ == id) change.set_pinned_question_id(0);
      break;
    case v1::QUESTION_MODERATION_EDIT:
      break;
    case v1::QUESTION_MODERATION_ANSWER:
      if (auto r = needVisible("marking it answered")) return *r;
      if (current.answered()) return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is already answered");
      q->set_answered(true);
      // Answered is done: it is no longer the one being answered.
      if (pinned_ == id) change.set_pinned_question_id(0);
      break;
    case v1::QUESTION_MODERATION_UNANSWER:
      if (!current.answered()) return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is not answered");
      q->set_answered(false);
      break;
    case v1::QUESTION_MODERATION_REPLY:
      if (auto r = needVisible("replying")) return *r;
      break;
    case v1::QUESTION_MODERATION_PIN:
      if (auto r = needVisible("pinning it")) return *r;
      if (pinned_ == id) return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is already pinned");
      change.set_pinned_question_id(id);
      break;
    case v1::QUESTION_MODERATION_UNPIN:
      if (pinned_ != id) return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is not pinned");
      change.set_pinned_question_id(0);
      break;
    default:
      return refuse(v1::ERROR_CODE_INVALID_ARGUMENT,
                    "action must be APPROVE, REJECT, EDIT, ANSWER, UNANSWER, REPLY, PIN or UNPIN");
  }
  return change;
}

std::optional<Rejection> QuestionBoard::checkVote(uint64_t id, const std::string& voter, bool up) const {
  auto found = lookup(id);
  if (auto* r = std::get_if<Rejection>(&found)) return *r;
  const Entry& entry = *std::get<const Entry*>(found);
  if (entry.question.status() != v1::QUESTION_STATUS_VISIBLE) {
    return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, questionName(id) + " is not open for votes (not approved)");
  }
  const bool voted = entry.voters.contains(voter);
  if (up && voted) return refuse(v1::ERROR_CODE_ALREADY_EXISTS, "you already voted for " + questionName(id));
  if (!up && !voted) return refuse(v1::ERROR_CODE_FAILED_PRECONDITION, "you have not voted for " + questionName(id));
  return std::nullopt;
}

void QuestionBoard::apply(const v1::QuestionChange& change) {
  const v1::Question& incoming = change.question();
  Entry& entry = entries_[incoming.id()];
  // The stored question's votes are those of its moment; the board counts
  // the voters.
  entry.question = incoming;
  entry.question.set_votes(static_cast<uint32_t>(entry.voters.size()));
  pinned_ = change.pinned_question_id();
}

uint32_t QuestionBoard::applyVote(uint64_t id, const std::string& voter, bool up) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return 0;  // a vote stored for a question the log lost: ignored
  Entry& entry = it->second;
  if (up) {
    entry.voters.insert(voter);
  } else {
    entry.voters.erase(voter);
  }
  entry.question.set_votes(static_cast<uint32_t>(entry.voters.size()));
  return entry.question.votes();
}

const v1::Question* QuestionBoard::find(uint64_t id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second.question;
}

std::vector<v1::Question> QuestionBoard::list(const std::string& viewer, bool moderator,
                                              v1::QuestionOrder order) const {
  std::vector<v1::Question> out;
  for (const auto& [id, entry] : entries_) {
    const v1::Question& q = entry.question;
    if (!isStaffVisible(q)) continue;
    const bool own = q.author().user_id() == viewer;
    if (moderator || own) {
      out.push_back(q);
    } else if (q.status() == v1::QUESTION_STATUS_VISIBLE) {
      out.push_back(forAttendees(q));
    }
  }
  if (order != v1::QUESTION_ORDER_TIME) {
    std::stable_sort(out.begin(), out.end(),
                     [](const v1::Question& a, const v1::Question& b) { return a.votes() > b.votes(); });
  }
  return out;
}

std::vector<v1::Question> QuestionBoard::all() const {
  std::vector<v1::Question> out;
  out.reserve(entries_.size());
  for (const auto& [id, entry] : entries_) out.push_back(entry.question);
  return out;
}

std::vector<uint64_t> QuestionBoard::votedBy(const std::string& voter) const {
  std::vector<uint64_t> out;
  for (const auto& [id, entry] : entries_) {
    if (entry.voters.contains(voter)) out.push_back(id);
  }
  return out;
}

}  // namespace hallcast
