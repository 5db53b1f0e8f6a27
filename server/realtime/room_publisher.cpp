// RoomPublisher (room_publisher.h): the write path, and following the log.
//
// Seqs: an event is built with the seq after its room's head and the events
// on their way (Room::nextEvent). A batch is numbered again from the heads
// when it goes out, so that a refused batch leaves no gap; an event that
// only adds takes any seq (its id with it), one that changes something is
// refused when another node's events changed its room meanwhile.
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <set>

#include "realtime/room_publisher.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;
using Status = WriteOutcome::Status;

// Conflicts with other nodes one write may meet before it is refused: each
// means another node stored something, so this only caps one request's wait.
constexpr int kMaxConflicts = 50;
// A batch holds at most this much: what it fans out leaves in one loop
// turn, and a member's send queue takes a turn's frames at once (a backlog
// goes in several batches, one after the other).
constexpr std::size_t kMaxBatchBytes = 16 * 1024;
// Other nodes' events held per stream while a gap before them is read.
constexpr std::size_t kMaxFollowed = 10'000;

// Gives an event that only adds to its room the seq `seq`: a chat message,
// a new question or poll (whose id is its seq), an announcement. False for
// events that change something already there: built against a state that
// another node's events may have changed, they are not redone blindly.
bool renumber(v1::RoomEvent& event, uint64_t seq) {
  switch (event.body_case()) {
    case v1::RoomEvent::kChat:
    case v1::RoomEvent::kAnnouncement:
      break;
    case v1::RoomEvent::kQuestion:
      if (event.question().kind() != v1::QuestionChange::KIND_ASKED) return false;
      event.mutable_question()->mutable_question()->set_id(seq);
      break;
    case v1::RoomEvent::kPoll:
      if (event.poll().kind() != v1::PollChange::KIND_CREATED) return false;
      event.mutable_poll()->mutable_poll()->set_id(seq);
      break;
    default:
      return false;
  }
  event.set_seq(seq);
  return true;
}

// `event` numbered `seq`; `changed`: its room took other nodes' events
// since it was built. False when it cannot be.
bool resequence(v1::RoomEvent& event, uint64_t seq, bool changed) {
  if (event.seq() == seq) return !changed || renumber(event, seq);
  if (changed) return renumber(event, seq);
  // Only this node's refused writes moved it: the room is as it was built on.
  if (!renumber(event, seq)) event.set_seq(seq);
  return true;
}

}  // namespace

Rejection RoomPublisher::Published::refusal(const std::string& what, const std::string& consequence) const {
  switch (status) {
    case Status::kUnavailable:
      // Redis may yet run a command whose answer was lost: not "nothing
      // changed" (a chat message sent again with its client_message_id is
      // not sent twice).
      return {v1::ERROR_CODE_UNAVAILABLE,
              "the store did not answer in time: " + what + " may not have been stored; try again", 1000};
    case Status::kConflict:
      return {v1::ERROR_CODE_FAILED_PRECONDITION,
              what + " could not be stored: it was changed on another node meanwhile; " + consequence};
    default:
      return {v1::ERROR_CODE_INTERNAL, what + " could not be stored; " + consequence};
  }
}

RoomPublisher::RoomPublisher(EventLog& log, VoteStore& votes, Metrics& metrics, const Clock& clock, Sink& sink)
    : log_(log),
      votes_(votes),
      metrics_(metrics),
      clock_(clock),
      sink_(sink),
      writer_(std::make_unique<StoreWriter>(log, votes)) {}

void RoomPublisher::writeOffTheLoop(StoreWriter::Post post) {
  post_ = post;
  writer_ = std::make_unique<StoreWriter>(log_, votes_, std::move(post));
}

void RoomPublisher::stopWriting() {
  if (writer_) writer_->stop();
}

void RoomPublisher::publish(Room& room, v1::RoomEvent event, OnPublished done) {
  std::vector<std::pair<Room*, v1::RoomEvent>> one;
  one.emplace_back(&room, std::move(event));
  publishAll(std::move(one), std::move(done));
}

void RoomPublisher::publishAll(std::vector<std::pair<Room*, v1::RoomEvent>> events, OnPublished done) {
  Publication p;
  for (auto& [room, event] : events) {
    p.foreign_at.push_back(foreign_commits_[LogStream::room(room->id())]);
    room->reserveSeq();
  }
  p.events = std::move(events);
  p.done = std::move(done);
  enqueue(std::move(p));
}

void RoomPublisher::publishSanction(v1::Sanction sanction, OnPublished done) {
  Publication p;
  sanction.set_seq(sink_.head(LogStream::sanctions()) + sanctions_pending_ + 1);
  ++sanctions_pending_;
  p.foreign_at.push_back(foreign_commits_[LogStream::sanctions()]);
  p.sanction = std::move(sanction);
  p.done = std::move(done);
  enqueue(std::move(p));
}

void RoomPublisher::publishVote(VoteChange change, OnPublished done) {
  Publication p;
  p.vote = std::move(change);
  p.done = std::move(done);
  enqueue(std::move(p));
}

void RoomPublisher::enqueue(Publication publication) {
  publication.since = clock_.steadyNow();
  if (forming_.size() >= kMaxWaitingWrites) {
    refuse(publication, Status::kUnavailable);
    return;
  }
  forming_.push_back(std::move(publication));
  schedule();
}

void RoomPublisher::schedule() {
  if (writing_) return;  // the next batch goes when this one comes back
  if (!post_) {
    submit();
    return;
  }
  // At the end of this loop turn: what else arrives in it joins the batch.
  if (submit_scheduled_) return;
  submit_scheduled_ = true;
  post_([this] {
    submit_scheduled_ = false;
    submit();
  });
}

void RoomPublisher::refuse(Publication& p, Status status) {
  for (auto& [room, event] : p.events) room->releaseSeq();
  if (p.sanction) --sanctions_pending_;
  Published out;
  out.status = status;
  if (p.done) p.done(out);
}

void RoomPublisher::expire(Clock::Steady::time_point now) {
  // Those at the store are answered when it answers; those waiting for
  // their turn are refused once they waited too long: nothing of them was
  // stored.
  for (auto it = forming_.begin(); it != forming_.end();) {
    if (now - it->since < kWriteDeadline) {
      ++it;
      continue;
    }
    Publication p = std::move(*it);
    it = forming_.erase(it);
    refuse(p, Status::kUnavailable);
    it = forming_.begin();  // (refuse may have changed the queue)
  }
}

bool RoomPublisher::inFlight(const LogStream& stream) const {
  for (const Publication& p : in_flight_) {
    if (p.sanction && stream.isSanctions()) return true;
    for (const auto& [room, event] : p.events) {
      if (room->id() == stream.name()) return true;
    }
  }
  return false;
}

void RoomPublisher::submit() {
  if (writing_ || forming_.empty()) return;
  std::map<LogStream, uint64_t> next;  // stream → the seq it takes next
  const auto nextOf = [&](const LogStream& stream) {
    auto [it, fresh] = next.emplace(stream, 0);
    if (fresh) it->second = sink_.head(stream) + 1;
    return it->second;
  };
  WriteBatch batch;
  std::vector<Publication> taking;
  std::vector<Publication> conflicting;
  std::size_t bytes = 0;
  while (!forming_.empty() && (taking.empty() || bytes < kMaxBatchBytes)) {
    Publication p = std::move(forming_.front());
    forming_.pop_front();
    std::map<LogStream, uint64_t> taken;  // what this one takes, kept when it goes
    const auto take = [&](const LogStream& stream) {
      auto it = taken.find(stream);
      return it == taken.end() ? nextOf(stream) : it->second;
    };
    bool ok = true;
    for (std::size_t i = 0; i < p.events.size() && ok; ++i) {
      auto& [room, event] = p.events[i];
      const LogStream stream = LogStream::room(room->id());
      const uint64_t seq = take(stream);
      ok = resequence(event, seq, foreign_commits_[stream] != p.foreign_at[i]);
      taken[stream] = seq + 1;
    }
    if (ok && p.sanction) {
      const uint64_t seq = take(LogStream::sanctions());
      p.sanction->set_seq(seq);  // sanctions only add
      taken[LogStream::sanctions()] = seq + 1;
    }
    if (!ok) {
      conflicting.push_back(std::move(p));
      continue;
    }
    for (const auto& [stream, seq] : taken) next[stream] = seq;
    p.payloads.clear();
    for (const auto& [room, event] : p.events) {
      StoredEvent& stored = batch.events.emplace_back();
      stored.room_id = event.room_id();
      stored.seq = event.seq();
      stored.time_unix_ms = TimeUtil::TimestampToMilliseconds(event.time());
      stored.payload = event.SerializeAsString();
      p.payloads.push_back(stored.payload);
    }
    if (p.sanction) {
      StoredEvent& stored = batch.events.emplace_back();
      stored.room_id = LogStream::sanctions().name();
      stored.seq = p.sanction->seq();
      stored.time_unix_ms = TimeUtil::TimestampToMilliseconds(p.sanction->time());
      stored.payload = p.sanction->SerializeAsString();
      p.payloads.push_back(stored.payload);
    }
    for (const std::string& payload : p.payloads) bytes += payload.size();
    if (p.vote) {
      batch.votes.push_back(*p.vote);
      bytes += p.vote->vote.room_id.size() + p.vote->vote.voter.size() + 32;
    }
    taking.push_back(std::move(p));
  }
  if (!taking.empty()) {
    writing_ = true;
    in_flight_ = std::move(taking);
    metrics_.store_batches += 1;
    writer_->write(std::move(batch), [this](WriteResult result) { complete(std::move(result)); });
  }
  for (Publication& p : conflicting) {
    spdlog::warn("room {}: a change built on a state another node changed was not stored",
                 p.events.front().first->id());
    refuse(p, Status::kConflict);
  }
}

void RoomPublisher::complete(WriteResult result) {
  writing_ = false;
  std::vector<Publication> batch = std::move(in_flight_);
  in_flight_.clear();
  if (result.events.status == Status::kConflict) {
    // Another node took some of these seqs: apply what it stored, and
    // send these again, numbered after it.
    std::set<LogStream> streams;
    for (StoredEvent& stored : result.caught_up) {
      const LogStream stream = LogStream::named(stored.room_id);
      streams.insert(stream);
      if (stored.seq > sink_.head(stream)) followed_[stream].emplace(stored.seq, std::move(stored));
    }
    for (const LogStream& stream : streams) applyFollowed(stream);
    std::vector<Publication> again;
    for (Publication& p : batch) {
      if (p.vote) {  // stored apart from the events
        Published out;
        out.status = result.votes.status;
        if (p.done) p.done(out);
      } else if (++p.conflicts > kMaxConflicts) {
        spdlog::warn("a write met {} conflicts with other nodes; refused", kMaxConflicts);
        refuse(p, Status::kFailed);
      } else {
        again.push_back(std::move(p));
      }
    }
    forming_.insert(forming_.begin(), std::make_move_iterator(again.begin()), std::make_move_iterator(again.end()));
    submit();
    return;
  }
  // Commit what was stored, in order, before anyone is answered (an
  // answer may lead to the next write, numbered after these).
  std::vector<std::pair<OnPublished, Published>> answers;
  const std::string* error = nullptr;
  bool any_stored = false;
  for (Publication& p : batch) {
    const WriteOutcome& outcome = p.vote ? result.votes : result.events;
    Published out;
    out.status = outcome.status;
    for (auto& [room, event] : p.events) room->releaseSeq();
    if (p.sanction) --sanctions_pending_;
    if (outcome.stored()) {
      any_stored = true;
      for (std::size_t i = 0; i < p.events.size(); ++i) {
        auto& [room, event] = p.events[i];
        out.seqs.push_back(event.seq());
        sink_.committed(*room, std::move(event), p.payloads[i]);
      }
      metrics_.room_events_appended += p.events.size();
      if (p.sanction) {
        out.seqs.push_back(p.sanction->seq());
        sink_.sanctioned(*p.sanction, false);
        metrics_.room_events_appended += 1;
      }
    } else {
      error = &outcome.error;
      spdlog::error("{} not stored: {}",
                    p.vote ? "a vote" : (p.sanction ? "a sanction" : "room " + p.events.front().first->id() + ": an event"),
                    outcome.error);
    }
    answers.emplace_back(std::move(p.done), std::move(out));
  }
  if (error) {
    health_.failed(*error);
  } else if (any_stored) {
    health_.succeeded();
  }
  for (auto& [done, out] : answers) {
    if (done) done(out);
  }
  // Other nodes' events held back while these were on their way.
  std::vector<LogStream> held;
  for (const auto& [stream, events] : followed_) {
    if (!events.empty()) held.push_back(stream);
  }
  for (const LogStream& stream : held) applyFollowed(stream);
  submit();
}

void RoomPublisher::follow(const StoredEvent& stored) {
  const LogStream stream = LogStream::named(stored.room_id);
  if (!stream.isSanctions() && !sink_.room(stored.room_id)) return;
  if (stored.seq <= sink_.head(stream)) return;  // applied already (this node's own, most often)
  auto& held = followed_[stream];
  if (held.size() < kMaxFollowed) held.emplace(stored.seq, stored);
  applyFollowed(stream);
}

void RoomPublisher::applyFollowed(const LogStream& stream, bool may_read) {
  // While this node's own writes to the stream are at the store, what
  // others stored waits: the seqs they take decide which comes first.
  if (inFlight(stream)) return;
  auto& held = followed_[stream];
  for (;;) {
    const uint64_t head = sink_.head(stream);
    while (!held.empty() && held.begin()->first <= head) held.erase(held.begin());
    if (held.empty()) return;
    if (held.begin()->first != head + 1) break;  // a gap: read it
    const StoredEvent stored = std::move(held.begin()->second);
    held.erase(held.begin());
    if (stream.isSanctions()) {
      ++foreign_commits_[stream];
      v1::Sanction sanction;
      if (!sanction.ParseFromString(stored.payload)) {
        spdlog::error("sanction {} in the log is not a Sanction", stored.seq);
        return;
      }
      sink_.sanctioned(sanction, true);
      continue;
    }
    v1::RoomEvent event;
    if (!event.ParseFromString(stored.payload) || event.seq() != stored.seq) {
      spdlog::error("room {}: event {} in the log is not a RoomEvent", stream.name(), stored.seq);
      return;
    }
    // A chat message or an announcement changes nothing a change built here
    // depends on; anything else may have.
    if (!event.has_chat() && !event.has_announcement()) ++foreign_commits_[stream];
    Room* room = sink_.room(stream.name());
    if (!room) return;
    sink_.committed(*room, std::move(event), stored.payload);
  }
  if (!may_read || !reading_.insert(stream).second) return;  // read under way, or nothing more there
  writer_->read({{stream.name(), sink_.head(stream)}}, [this, stream](std::vector<StoredEvent> events, std::string error) {
    reading_.erase(stream);
    if (!error.empty()) {
      spdlog::error("cluster: cannot catch up with the log of {}: {}", stream.name(), error);
      return;  // the next event followed tries again
    }
    auto& into = followed_[stream];
    for (StoredEvent& stored : events) {
      if (into.size() < kMaxFollowed) into.emplace(stored.seq, std::move(stored));
    }
    applyFollowed(stream, false);
  });
}

}  // namespace hallcast
