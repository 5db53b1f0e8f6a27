// Hub: the durable log read back — rooms restored at start-up, other nodes'
// votes followed — and what the store took committed (RoomPublisher::Sink).
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "realtime/hub.h"
#include "rooms/audit.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

// Events read from the log per query while a room is rebuilt.
constexpr std::size_t kRestorePage = 1000;

// A vote read from the store (at restore, or another node's): counted, and
// its ballot's count marked for the next tally. Poll votes are changed,
// never taken back.
void applyStoredVote(Room& room, const StoredVote& vote, bool removed) {
  const uint64_t id = vote.ballot.id;
  if (vote.ballot.kind == Ballot::Kind::kQuestion) {
    room.questions().applyVote(id, vote.voter, !removed);
    room.votesChangedForQuestion(id);
  } else if (!removed) {
    room.polls().applyVote(id, vote.voter, static_cast<uint32_t>(vote.choice));
    room.votesChangedForPoll(id);
  }
}

}  // namespace

void Hub::restore() {
  // The whole history, not only the replay window: questions, polls and
  // settings are what all the room's events built. Nobody is connected
  // yet, so catching up fans out to no one.
  for (const auto& room : rooms_.rooms()) {
    restoreRoom(*room);
    for (const StoredVote& vote : votes_.readRoom(room->id())) applyStoredVote(*room, vote, false);
    room->takeTally();  // nothing to announce: joiners get the counts in their state
    spdlog::debug("room {}: restored up to seq {}", room->id(), room->headSeq());
  }
  restoreSanctions();
  std::stable_sort(audit_.begin(), audit_.end(), [](const v1::AuditEntry& a, const v1::AuditEntry& b) {
    return TimeUtil::TimestampToMilliseconds(a.time()) < TimeUtil::TimestampToMilliseconds(b.time());
  });
}

void Hub::restoreRoom(Room& room) {
  for (;;) {
    const std::vector<StoredEvent> page = log_.readAfter(room.id(), room.headSeq(), kRestorePage);
    for (const StoredEvent& stored : page) {
      v1::RoomEvent event;
      // The first event of a room may be any seq (Room::commit), the rest follow.
      if ((room.headSeq() != 0 && stored.seq != room.headSeq() + 1) || !event.ParseFromString(stored.payload)) {
        throw StoreError("room " + room.id() + ": event " + std::to_string(stored.seq) +
                         " in the log is not the RoomEvent after " + std::to_string(room.headSeq()));
      }
      committed(room, std::move(event), stored.payload);
    }
    if (page.size() < kRestorePage) return;
  }
}

void Hub::restoreSanctions() {
  for (;;) {
    const std::vector<StoredEvent> page = log_.readAfter(LogStream::sanctions().name(), sanction_seq_, kRestorePage);
    for (const StoredEvent& stored : page) {
      v1::Sanction sanction;
      if (!sanction.ParseFromString(stored.payload)) {
        throw StoreError("sanction " + std::to_string(stored.seq) + " in the log is not a Sanction");
      }
      sanctioned(sanction, true);
    }
    if (page.size() < kRestorePage) return;
  }
}

void Hub::followVote(const StoredVote& vote, bool removed) {
  if (const Membership* found = rooms_.find(vote.room_id)) applyStoredVote(*found->room, vote, removed);
}

std::vector<std::pair<std::string, uint64_t>> Hub::logHeads() const {
  std::vector<std::pair<std::string, uint64_t>> heads;
  for (const auto& room : rooms_.rooms()) heads.emplace_back(room->id(), room->headSeq());
  heads.emplace_back(LogStream::sanctions().name(), sanction_seq_);
  return heads;
}

void Hub::committed(Room& room, v1::RoomEvent event, const std::string& payload) {
  if (auto entry = auditEntryOf(event)) audit_.push_back(std::move(*entry));
  rooms_.commit(room, std::move(event), payload);
}

void Hub::sanctioned(const v1::Sanction& sanction, bool foreign) {
  sanction_seq_ = sanction.seq();
  sanctions_.apply(sanction);
  audit_.push_back(auditEntryOf(sanction));
  // This node's own are announced once their request is answered.
  if (foreign) sanction_handler_.announce(sanction);
}

uint64_t Hub::head(const LogStream& stream) const {
  if (stream.isSanctions()) return sanction_seq_;
  const Room* found = rooms_.room(stream.name());
  return found ? found->headSeq() : 0;
}

Room* Hub::room(const std::string& room_id) {
  Membership* found = rooms_.find(room_id);
  return found ? found->room : nullptr;
}

}  // namespace hallcast
