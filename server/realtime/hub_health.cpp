// Hub: stream health for staff — watching the health stream, controlling a
// feed, and each report and alert sent to whoever may see it.
#include "realtime/hub.h"

#include <spdlog/spdlog.h>

#include "realtime/codec.h"
#include "rooms/permissions.h"

namespace hallcast {
void Hub::handleWatchHealth(Session& session, uint64_t request_id, bool watch) {
  if (auto denied = authorize(session.principal, StaffAction::kWatchHealth)) {
    reject(session, request_id, *denied);
    return;
  }
  if (watch && !media_desk_) {
    reject(session, request_id,
           {v1::ERROR_CODE_FAILED_PRECONDITION, "this hub runs without media (media.enabled: false)"});
    return;
  }
  v1::Ack ack;
  if (watch) {
    health_watchers_.insert(&session);
    *ack.mutable_health_watched() = visibleHealth(session.principal, media_desk_->healthReport());
  } else {
    health_watchers_.erase(&session);
    ack.mutable_health_unwatched();
  }
  sendAck(session, request_id, std::move(ack));
}

void Hub::handleControlFeed(Session& session, uint64_t request_id, const v1::ControlFeed& control) {
  Membership* found = findRoom(session, request_id, control.room_id());
  if (!found) return;
  if (auto denied = authorize(session.principal, StaffAction::kControlFeed, control.room_id())) {
    reject(session, request_id, *denied);
    return;
  }
  if (control.action() == v1::FEED_ACTION_UNSPECIFIED || !v1::FeedAction_IsValid(control.action())) {
    reject(session, request_id,
           {v1::ERROR_CODE_INVALID_ARGUMENT, "action must be RESTART, FORCE_STANDBY, USE_BACKUP or AUTOMATIC"});
    return;
  }
  if (!media_desk_) {
    reject(session, request_id,
           {v1::ERROR_CODE_FAILED_PRECONDITION, "this hub runs without media (media.enabled: false)"});
    return;
  }
  media_desk_->controlFeed(
      control.room_id(), control.action(),
      [this, ref = refOf(session), request_id, control, user = session.user](std::optional<Rejection> refused) {
        Session* to = live(ref);
        if (refused) {
          if (to) reject(*to, request_id, *refused);
          return;
        }
        spdlog::info("room {}: {} by {} ({})", control.room_id(), v1::FeedAction_Name(control.action()),
                     user.display_name(), user.user_id());
        if (!to) return;
        v1::Ack ack;
        ack.mutable_feed_controlled()->set_room_id(control.room_id());
        ack.mutable_feed_controlled()->set_action(control.action());
        sendAck(*to, request_id, std::move(ack));
      });
}

void Hub::publishHealth(const v1::HealthReport& report, const std::vector<v1::Alert>& changes) {
  if (!watchingHealth()) return;
  // Alerts first, so that a client acting on an alert sees the report that
  // goes with it right after.
  const auto encode = [](const v1::HealthReport& r, const std::vector<v1::Alert>& alerts) {
    v1::ServerMessage message;
    for (const v1::Alert& alert : alerts) *message.add_events()->mutable_alert() = alert;
    *message.add_events()->mutable_health() = r;
    return std::make_shared<const std::string>(message.SerializeAsString());
  };
  // Encoded once for everyone whose token covers every room; a technician
  // of some rooms gets those rooms' feeds and alerts only (they are few).
  Frame everything;
  for (Session* watcher : health_watchers_) {
    const Principal& who = watcher->principal;
    if (who.rooms.empty()) {
      if (!everything) everything = encode(report, changes);
      send(*watcher, everything);
    } else {
      send(*watcher, encode(visibleHealth(who, report), visibleAlerts(who, changes)));
    }
  }
  detachClosing();
}

}  // namespace hallcast
