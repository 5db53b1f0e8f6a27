#pragma once
// The event's rooms and who is in each here: joining and leaving, viewer
// counts (this node's and the cluster's), and fanning a room's events,
// tallies and reactions out to its members. Loop thread only.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/event_config.h"
#include "realtime/outbox.h"
#include "rooms/presence.h"
#include "rooms/room.h"

namespace hallcast {

struct Membership {
  Room* room;
  std::unordered_set<Session*> sessions;
};

class RoomDirectory {
 public:
  // How often a room may announce its viewer count.
  static constexpr std::chrono::milliseconds kPresenceInterval{500};
  // Reactions are summed, and vote counts coalesced, over windows this long.
  static constexpr std::chrono::milliseconds kInteractionWindow{200};

  RoomDirectory(const EventConfig& config, Outbox& outbox);

  // nullptr: no such room in this event.
  Membership* find(std::string_view room_id);
  const Room* room(std::string_view room_id) const;
  // In program order.
  const std::vector<std::unique_ptr<Room>>& rooms() const { return rooms_; }

  // Adds the session to the room (false: it was in already).
  bool join(Session& session, Membership& membership);
  void leave(Session& session, Membership& membership);
  void leaveAll(Session& session);

  // Commits a stored event to its room and sends it to every member, each
  // as they may see it.
  const Room::Entry& commit(Room& room, v1::RoomEvent event, const std::string& bytes);
  void fanOut(Membership& membership, const Frame& frame);

  // Cluster mode: the other nodes' viewers per room (rooms not named keep
  // theirs), and who wants this node's own count of a room when it changes.
  void setRemoteViewers(const std::map<std::string, uint32_t>& viewers);
  void onLocalViewers(std::function<void(const std::string& room_id, uint32_t viewers)> listener) {
    local_viewers_listener_ = std::move(listener);
  }

  // Periodic: viewer counts that changed, coalesced vote counts and reactions.
  void tick(std::chrono::steady_clock::time_point now);

 private:
  // Out of the room's members (the caller keeps session.rooms).
  void removeMember(Session& session, Membership& membership);
  void viewersChanged(const Room& room);
  void flushInteractions(std::chrono::steady_clock::time_point now);

  Outbox& outbox_;
  std::vector<std::unique_ptr<Room>> rooms_;  // in program order
  std::unordered_map<std::string, Membership> members_;
  PresenceCoalescer presence_{kPresenceInterval};
  std::function<void(const std::string&, uint32_t)> local_viewers_listener_;
  std::chrono::steady_clock::time_point next_flush_{};
  std::chrono::steady_clock::time_point last_flush_{};
};

}  // namespace hallcast
