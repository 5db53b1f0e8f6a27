// Hub: the durable log — rooms restored from it, events appended to it and
// fanned out, catching up with what other nodes appended, sanctions.
#include "realtime/hub.h"

#include <algorithm>

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "rooms/audit.h"
#include "rooms/permissions.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

// Events read from the log per query while a room is rebuilt.
constexpr std::size_t kRestorePage = 1000;

// A vote read from the store (at restore, or another node's): counted, and
// its ballot's count marked for the next tally. Poll votes are changed,
// never taken back.
void applyStoredVote(Room& room, const StoredVote& vote, bool removed) {
  if (vote.ballot.size() < 3) return;
  const uint64_t id = std::strtoull(vote.ballot.c_str() + 2, nullptr, 10);
  if (vote.ballot.starts_with("q/")) {
    room.questions().applyVote(id, vote.voter, !removed);
    room.votesChangedForQuestion(id);
  } else if (vote.ballot.starts_with("p/") && !removed) {
    room.polls().applyVote(id, vote.voter, static_cast<uint32_t>(vote.choice));
    room.votesChangedForPoll(id);
  }
}

}  // namespace

void Hub::restore() {
  // The whole history, not only the replay window: questions, polls and
  // settings are what all the room's events built. Nobody is connected
  // yet, so catching up fans out to no one.
  for (auto& room : rooms_) {
    catchUp(members_.at(room->id()));
    for (const StoredVote& vote : votes_.readRoom(room->id())) applyStoredVote(*room, vote, false);
    room->takeTally();  // nothing to announce: joiners get the counts in their state
    spdlog::debug("room {}: restored up to seq {}", room->id(), room->headSeq());
  }
  catchUpSanctions();
  std::stable_sort(audit_.begin(), audit_.end(), [](const v1::AuditEntry& a, const v1::AuditEntry& b) {
    return TimeUtil::TimestampToMilliseconds(a.time()) < TimeUtil::TimestampToMilliseconds(b.time());
  });
}

uint64_t Hub::publish(Membership& membership, v1::RoomEvent event) {
  std::vector<std::pair<Membership*, v1::RoomEvent>> one;
  one.emplace_back(&membership, std::move(event));
  const std::vector<uint64_t> seqs = publishAll(std::move(one));
  return seqs.empty() ? 0 : seqs.front();
}

namespace {

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

}  // namespace

std::vector<uint64_t> Hub::publishAll(std::vector<std::pair<Membership*, v1::RoomEvent>> events) {
  // Another node sharing the log may take a seq first: catch up with it and
  // number the events again. Each conflict means another event was stored,
  // so this always progresses; the bound only caps one request's wait.
  constexpr int kAttempts = 50;
  std::vector<StoredEvent> stored(events.size());
  for (int attempt = 1;; ++attempt) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      const v1::RoomEvent& event = events[i].second;
      stored[i].room_id = event.room_id();
      stored[i].seq = event.seq();
      stored[i].time_unix_ms = TimeUtil::TimestampToMilliseconds(event.time());
      stored[i].payload = event.SerializeAsString();
    }
    try {
      log_.append(stored);
      store_health_.succeeded();
      break;
    } catch (const SeqConflict& e) {
      spdlog::debug("room {}: seq {} taken by another node (attempt {})", stored.front().room_id,
                    stored.front().seq, attempt);
      bool again = attempt < kAttempts;
      for (auto& [membership, event] : events) {
        again = again && caughtUp([&, m = membership] { catchUp(*m); }) &&
                renumber(event, membership->room->headSeq() + 1);
      }
      if (!again) {
        spdlog::warn("room {}: event not stored: {}", stored.front().room_id, e.what());
        return {};
      }
    } catch (const StoreError& e) {
      spdlog::error("room {}: event {} not stored: {}", stored.front().room_id, stored.front().seq, e.what());
      store_health_.failed(e.what());
      return {};
    }
  }
  metrics_.room_events_appended += stored.size();
  std::vector<uint64_t> seqs;
  for (std::size_t i = 0; i < events.size(); ++i) {
    seqs.push_back(stored[i].seq);
    commitAndFanOut(*events[i].first, std::move(events[i].second), stored[i].payload);
  }
  return seqs;
}

void Hub::catchUp(Membership& membership) {
  Room& room = *membership.room;
  for (;;) {
    const std::vector<StoredEvent> page = log_.readAfter(room.id(), room.headSeq(), kRestorePage);
    for (const StoredEvent& stored : page) {
      v1::RoomEvent event;
      // The first event of a room may be any seq (Room::commit), the rest follow.
      if ((room.headSeq() != 0 && stored.seq != room.headSeq() + 1) || !event.ParseFromString(stored.payload)) {
        throw StoreError("room " + room.id() + ": event " + std::to_string(stored.seq) +
                         " in the log is not the RoomEvent after " + std::to_string(room.headSeq()));
      }
      commitAndFanOut(membership, std::move(event), stored.payload);
    }
    if (page.size() < kRestorePage) return;
  }
}

void Hub::catchUpSanctions() {
  for (;;) {
    const std::vector<StoredEvent> page = log_.readAfter(kSanctionStream, sanction_seq_, kRestorePage);
    for (const StoredEvent& stored : page) {
      v1::Sanction sanction;
      if (!sanction.ParseFromString(stored.payload)) {
        throw StoreError("sanction " + std::to_string(stored.seq) + " in the log is not a Sanction");
      }
      sanction_seq_ = stored.seq;
      sanctions_.apply(sanction);
      audit_.push_back(auditEntryOf(sanction));
      announceSanction(sanction);
    }
    if (page.size() < kRestorePage) return;
  }
}

bool Hub::caughtUp(const std::function<void()>& catch_up) {
  try {
    catch_up();
    return true;
  } catch (const StoreError& e) {
    spdlog::error("cluster: cannot catch up with the log: {}", e.what());
    return false;
  }
}

void Hub::followLog(const StoredEvent& stored) {
  if (stored.room_id == kSanctionStream) {
    if (stored.seq > sanction_seq_) caughtUp([this] { catchUpSanctions(); });
    return;
  }
  auto found = members_.find(stored.room_id);
  if (found == members_.end() || stored.seq <= found->second.room->headSeq()) return;
  // Usually exactly the next one; reading from the log also fills a gap.
  caughtUp([&] { catchUp(found->second); });
}

void Hub::followVote(const StoredVote& vote, bool removed) {
  auto found = members_.find(vote.room_id);
  if (found != members_.end()) applyStoredVote(*found->second.room, vote, removed);
}

void Hub::viewersChanged(const Room& room) {
  presence_.update(room.id(), room.viewers());
  if (local_viewers_listener_) local_viewers_listener_(room.id(), room.localViewers());
}

void Hub::setRemoteViewers(const std::map<std::string, uint32_t>& viewers) {
  for (const auto& [room_id, count] : viewers) {
    auto found = members_.find(room_id);
    if (found == members_.end()) continue;
    found->second.room->setRemoteViewers(count);
    presence_.update(room_id, found->second.room->viewers());
  }
}

std::vector<std::pair<std::string, uint64_t>> Hub::logHeads() const {
  std::vector<std::pair<std::string, uint64_t>> heads;
  for (const auto& room : rooms_) heads.emplace_back(room->id(), room->headSeq());
  heads.emplace_back(kSanctionStream, sanction_seq_);
  return heads;
}

void Hub::commitAndFanOut(Membership& membership, v1::RoomEvent event, const std::string& bytes) {
  if (auto entry = auditEntryOf(event)) audit_.push_back(std::move(*entry));
  const Room::Entry& entry = membership.room->commit(std::move(event), bytes);
  const std::string& room_id = membership.room->id();
  for (Session* member : membership.sessions) {
    if (entry.attendee_frame == entry.frame) {
      send(*member, entry.frame);
    } else {
      send(*member, entry.frameFor(member->user.user_id(), moderates(member->principal, room_id)));
    }
  }
}

bool Hub::storeSanction(v1::Sanction& sanction) {
  // Sanctions only add: when another node took the seq, catch up and take the next.
  constexpr int kAttempts = 50;
  StoredEvent stored;
  stored.room_id = kSanctionStream;
  stored.time_unix_ms = TimeUtil::TimestampToMilliseconds(sanction.time());
  for (int attempt = 1;; ++attempt) {
    sanction.set_seq(sanction_seq_ + 1);
    stored.seq = sanction.seq();
    stored.payload = sanction.SerializeAsString();
    try {
      log_.append({&stored, 1});
      store_health_.succeeded();
      break;
    } catch (const SeqConflict& e) {
      if (attempt == kAttempts || !caughtUp([this] { catchUpSanctions(); })) {
        spdlog::warn("sanction not stored: {}", e.what());
        return false;
      }
    } catch (const StoreError& e) {
      spdlog::error("sanction {} not stored: {}", stored.seq, e.what());
      store_health_.failed(e.what());
      return false;
    }
  }
  sanction_seq_ = sanction.seq();
  sanctions_.apply(sanction);
  audit_.push_back(auditEntryOf(sanction));
  return true;
}

}  // namespace hallcast
