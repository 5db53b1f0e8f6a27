// Hub: the durable log — rooms restored from it, stored events committed
// and fanned out, sanctions applied. (Writing: hub_publish.cpp.)
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
      applySanction(sanction);
      announceSanction(sanction);
    }
    if (page.size() < kRestorePage) return;
  }
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

void Hub::applySanction(const v1::Sanction& sanction) {
  sanction_seq_ = sanction.seq();
  sanctions_.apply(sanction);
  audit_.push_back(auditEntryOf(sanction));
}

}  // namespace hallcast
