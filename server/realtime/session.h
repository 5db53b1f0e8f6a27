#pragma once
// One client connection's state as the hub sees it: who it is, which rooms it
// joined, its request budget and its send queue.

#include <set>
#include <string>
#include <vector>

#include "common/token_bucket.h"
#include "hallcast/v1/common.pb.h"
#include "realtime/connection.h"
#include "realtime/send_queue.h"
#include "rooms/permissions.h"

namespace hallcast {

struct Session {
  Session(Connection& conn, std::string id, TokenBucket bucket, std::size_t queue_bytes,
          std::chrono::steady_clock::time_point now)
      : connection(conn),
        session_id(std::move(id)),
        connected_at(now),
        requests(bucket),
        queue(queue_bytes) {}

  Connection& connection;
  std::string session_id;
  std::chrono::steady_clock::time_point connected_at;
  bool greeted = false;  // Hello accepted
  v1::User user;
  // The role and a staff token's rooms, as permissions check them; set with
  // `user` at Hello. A member, not built on demand: fan-out asks it of every
  // recipient.
  Principal principal;
  std::set<std::string> rooms;
  TokenBucket requests;
  uint32_t rate_limited_streak = 0;  // requests refused in a row
  SendQueue queue;
  bool closing = false;  // closed by the hub; no more frames are queued
};

}  // namespace hallcast
