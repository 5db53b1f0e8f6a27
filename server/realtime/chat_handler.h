#pragma once
// Chat: a member's message, checked (mutes, slow mode, length, blocked
// words), stored, then sent to the room; a retry with the same
// client_message_id is answered with the message already there.

#include "realtime/hub_context.h"

namespace hallcast {

class ChatHandler {
 public:
  explicit ChatHandler(HubContext& hub) : hub_(hub) {}

  void send(Request& rq, const v1::SendChat& chat);

 private:
  HubContext& hub_;
};

}  // namespace hallcast
