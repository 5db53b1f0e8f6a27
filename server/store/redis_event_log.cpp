#include "store/redis_event_log.h"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace hallcast {
namespace {

// KEYS[i] is the stream of event i; ARGV holds seq, time, payload of each.
// All checks come before any write: a script's writes are not rolled back
// when it fails half-way. Each event's fields are written t then p, so p is
// the entry's 4th field value.
constexpr const char* kAppendScript = R"lua(
local top = {}
local stored = {}
for i, key in ipairs(KEYS) do
  local seq = tonumber(ARGV[3 * i - 2])
  local last = top[key]
  if last == nil then
    last = 0
    local newest = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
    if #newest > 0 then last = tonumber(string.match(newest[1][1], '^(%d+)')) end
  end
  if seq <= last then
    -- Already there? Only the very same event, sent again after a lost
    -- reply, counts as stored; anything else holds the seq.
    local id = ARGV[3 * i - 2] .. '-1'
    local entry = redis.call('XRANGE', key, id, id)
    local same = #entry == 1 and entry[1][2][4] == ARGV[3 * i]
    if not same then
      return redis.error_reply('SEQ ' .. key .. ' is at ' .. last .. '; ' .. seq .. ' is taken')
    end
    stored[i] = true
  elseif seq ~= last + 1 then
    return redis.error_reply('SEQ ' .. key .. ' is at ' .. last .. ', not ' .. (seq - 1))
  else
    top[key] = seq
  end
end
for i, key in ipairs(KEYS) do
  if not stored[i] then
    redis.call('XADD', key, ARGV[3 * i - 2] .. '-1', 't', ARGV[3 * i - 1], 'p', ARGV[3 * i])
  end
end
return #KEYS
)lua";

template <typename T>
T parseNumber(const char* text, std::size_t len) {
  T value{};
  std::from_chars(text, text + len, value);
  return value;
}

}  // namespace

// One stream entry: [id, [field, value, ...]].
StoredEvent RedisEventLog::entryToEvent(const redisReply* entry, const std::string& room_id) {
  StoredEvent event;
  event.room_id = room_id;
  if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) throw StoreError("redis: a stream entry of a bad shape");
  const redisReply* id = entry->element[0];
  event.seq = parseNumber<uint64_t>(id->str, id->len);  // "<seq>-1": stops at '-'
  const redisReply* fields = entry->element[1];
  for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
    const std::string_view name(fields->element[i]->str, fields->element[i]->len);
    const redisReply* value = fields->element[i + 1];
    if (name == "t") event.time_unix_ms = parseNumber<int64_t>(value->str, value->len);
    if (name == "p") event.payload.assign(value->str, value->len);
  }
  return event;
}

namespace {

std::vector<StoredEvent> toEvents(const RedisReply& reply, const std::string& room_id) {
  std::vector<StoredEvent> events;
  if (reply->type != REDIS_REPLY_ARRAY) throw StoreError("redis: expected a list of stream entries");
  events.reserve(reply->elements);
  for (std::size_t i = 0; i < reply->elements; ++i) {
    events.push_back(RedisEventLog::entryToEvent(reply->element[i], room_id));
  }
  return events;
}

}  // namespace

RedisEventLog::RedisEventLog(RedisDb& db) : db_(db) {}

std::string RedisEventLog::roomLogKey(const RedisDb& db, const std::string& room_id) {
  return db.key("room:" + room_id + ":log");
}

void RedisEventLog::append(std::span<const StoredEvent> events) {
  if (events.empty()) return;
  std::vector<std::string> args{"EVAL", kAppendScript, std::to_string(events.size())};
  for (const StoredEvent& e : events) args.push_back(streamKey(e.room_id));
  for (const StoredEvent& e : events) {
    args.push_back(std::to_string(e.seq));
    args.push_back(std::to_string(e.time_unix_ms));
    args.push_back(e.payload);
  }
  try {
    db_.command(args);
  } catch (const StoreError& e) {
    // The script's own refusal (see kAppendScript): another node was first.
    if (std::string_view(e.what()).find(": SEQ ") != std::string_view::npos) throw SeqConflict(e.what());
    throw;
  }
}

uint64_t RedisEventLog::headSeq(const std::string& room_id) {
  const std::vector<StoredEvent> newest = readTail(room_id, 1);
  return newest.empty() ? 0 : newest.front().seq;
}

std::vector<StoredEvent> RedisEventLog::readTail(const std::string& room_id, std::size_t max_events) {
  if (max_events == 0) return {};
  std::vector<StoredEvent> events =
      toEvents(db_.command({"XREVRANGE", streamKey(room_id), "+", "-", "COUNT", std::to_string(max_events)}), room_id);
  std::reverse(events.begin(), events.end());
  return events;
}

std::vector<StoredEvent> RedisEventLog::readAfter(const std::string& room_id, uint64_t after_seq,
                                                  std::size_t max_events) {
  if (max_events == 0) return {};
  // "(" makes the start exclusive: entries after <after_seq>-1.
  return toEvents(db_.command({"XRANGE", streamKey(room_id), "(" + std::to_string(after_seq) + "-1", "+", "COUNT",
                               std::to_string(max_events)}),
                  room_id);
}

}  // namespace hallcast
