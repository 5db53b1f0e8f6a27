#pragma once
// Stream health for staff: watching the health stream, controlling a feed,
// and each report and alert sent to whoever may see it.

#include <unordered_set>
#include <vector>

#include "hallcast/v1/health.pb.h"
#include "realtime/hub_context.h"
#include "realtime/media_desk.h"

namespace hallcast {

class HealthHandler {
 public:
  explicit HealthHandler(HubContext& hub) : hub_(hub) {}

  // The media side (none: a chat-only hub).
  void setMediaDesk(MediaDesk* desk) { media_desk_ = desk; }

  void watchHealth(Request& rq, bool watch);
  void controlFeed(Request& rq, const v1::ControlFeed& control);

  bool watched() const { return !watchers_.empty(); }
  // Sends the report and the alerts that changed to every watcher, each
  // what their token covers.
  void publish(const v1::HealthReport& report, const std::vector<v1::Alert>& changes);
  void forget(Session& session) { watchers_.erase(&session); }

 private:
  HubContext& hub_;
  MediaDesk* media_desk_ = nullptr;
  std::unordered_set<Session*> watchers_;
};

}  // namespace hallcast
