#pragma once
// The durable log of room events: the hub appends an event here before it
// acknowledges or broadcasts it, and reads it back to resume clients after a
// restart. One implementation per backend (SQLite now, Redis for clusters).

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace hallcast {

struct StoredEvent {
  std::string room_id;
  uint64_t seq = 0;
  int64_t time_unix_ms = 0;
  std::string payload;  // a serialized hallcast.v1.RoomEvent
};

class EventLog {
 public:
  virtual ~EventLog() = default;

  // Appends all `events` atomically and durably; throws StoreError on failure,
  // in which case none of them was stored.
  virtual void append(std::span<const StoredEvent> events) = 0;

  // The highest seq stored for `room_id`, 0 when it has none.
  virtual uint64_t headSeq(const std::string& room_id) = 0;

  // The last `max_events` events of `room_id`, oldest first.
  virtual std::vector<StoredEvent> readTail(const std::string& room_id, std::size_t max_events) = 0;

  // Up to `max_events` events of `room_id` with seq > after_seq, oldest
  // first: the whole history, page by page, to rebuild a room's state.
  virtual std::vector<StoredEvent> readAfter(const std::string& room_id, uint64_t after_seq,
                                             std::size_t max_events) = 0;
};

struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The store could not be reached (Redis out of reach, its connection lost
// before an answer): nothing was stored, and trying again later may work.
struct StoreUnavailable : StoreError {
  using StoreError::StoreError;
};

// An append refused because another writer (another hub node sharing the
// log) already took one of its seqs: nothing was stored; the room must
// catch up with the log before it numbers events again.
struct SeqConflict : StoreError {
  using StoreError::StoreError;
};

}  // namespace hallcast
