#pragma once
// Joining and leaving a room: a join answers with the room's state and its
// recent events, or replays what a resuming client missed, then live.

#include "realtime/hub_context.h"

namespace hallcast {

class RoomHandler {
 public:
  explicit RoomHandler(HubContext& hub) : hub_(hub) {}

  void join(Request& rq, const v1::JoinRoom& join);
  void leave(Request& rq, const v1::LeaveRoom& leave);

 private:
  HubContext& hub_;
};

}  // namespace hallcast
