#pragma once
// Moderation requests: room settings (pre-moderation, slow mode), deleting
// and pinning chat messages, announcements, and the hall's stage display.

#include "realtime/hub_context.h"

namespace hallcast {

class ModerationHandler {
 public:
  explicit ModerationHandler(HubContext& hub) : hub_(hub) {}

  void roomSettings(Request& rq, const v1::ChangeRoomSettings& change);
  void deleteChat(Request& rq, const v1::DeleteChat& del);
  void pinChat(Request& rq, const v1::PinChat& pin);
  void announce(Request& rq, const v1::Announce& announce);
  void setStage(Request& rq, const v1::SetStage& request);

 private:
  HubContext& hub_;
};

}  // namespace hallcast
