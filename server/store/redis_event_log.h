#pragma once
// The room logs of a cluster in Redis Streams: one stream per room (and one
// for the event-wide sanctions), entry ID "<seq>-1", fields t (unix ms) and
// p (the serialized RoomEvent). An append checks, atomically in one Lua
// script, that each event's seq follows its stream's last one, so two
// nodes can never give the same seq to two events: the second is refused
// (SeqConflict) and writes nothing. Durability is Redis's: run it with
// appendonly yes and appendfsync always for "acknowledged means stored".

#include "store/event_log.h"
#include "store/redis_db.h"

namespace hallcast {

class RedisEventLog final : public EventLog {
 public:
  explicit RedisEventLog(RedisDb& db);

  void append(std::span<const StoredEvent> events) override;
  uint64_t headSeq(const std::string& room_id) override;
  std::vector<StoredEvent> readTail(const std::string& room_id, std::size_t max_events) override;
  std::vector<StoredEvent> readAfter(const std::string& room_id, uint64_t after_seq, std::size_t max_events) override;

  // The stream of `room_id`.
  std::string streamKey(const std::string& room_id) const { return roomLogKey(db_, room_id); }

  // The key of `room_id`'s stream, and an entry of it read back (XRANGE,
  // XREAD): shared with RedisLogFollower.
  static std::string roomLogKey(const RedisDb& db, const std::string& room_id);
  static StoredEvent entryToEvent(const redisReply* entry, const std::string& room_id);

 private:
  RedisDb& db_;
};

}  // namespace hallcast
