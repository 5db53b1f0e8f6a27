#pragma once
// One room's real-time state: its sequence of events (the recent ones kept in
// memory for resume) and its viewers. Pure: the durable log and the sockets
// are the hub's business.

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/frame.h"
#include "config/event_config.h"
#include "hallcast/v1/realtime.pb.h"

namespace hallcast {

class Room {
 public:
  // A committed event, with its encoding for sending.
  struct Entry {
    v1::RoomEvent event;
    Frame frame;
  };

  // Events with seq > since_seq, oldest first; or `missed` when some of them
  // are no longer held (the client must reset to the room's current state).
  struct Replay {
    bool missed = false;
    std::vector<const Entry*> entries;
  };

  Room(const RoomConfig& config, std::size_t replay_capacity);

  const RoomConfig& config() const { return config_; }
  const std::string& id() const { return config_.id; }
  uint64_t headSeq() const { return head_seq_; }

  // The next event of the room (seq = head + 1), to be stored, then committed.
  v1::RoomEvent nextEvent(int64_t time_unix_ms) const;

  // Makes a durably stored event part of the room. Its seq must be head + 1.
  void commit(v1::RoomEvent event, Frame frame);

  Replay since(uint64_t since_seq) const;
  // The last `count` events, oldest first.
  std::vector<const Entry*> recent(std::size_t count) const;

  // The seq of the held event the client sent with `client_message_id`.
  std::optional<uint64_t> findClientMessage(const std::string& client_message_id) const;

  uint32_t viewers() const { return viewers_; }
  void addViewer() { ++viewers_; }
  void removeViewer() {
    if (viewers_ > 0) --viewers_;
  }

 private:
  RoomConfig config_;
  std::size_t capacity_;
  uint64_t head_seq_ = 0;
  std::deque<Entry> entries_;  // the last `capacity_` events, seq ascending
  std::unordered_map<std::string, uint64_t> client_ids_;  // of the held events
  uint32_t viewers_ = 0;
};

}  // namespace hallcast
