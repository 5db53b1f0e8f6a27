// Stream health for staff — watching the health stream, controlling a
// feed, and each report and alert sent to whoever may see it.
#include "realtime/health_handler.h"

#include <spdlog/spdlog.h>

#include "realtime/codec.h"
#include "rooms/permissions.h"

namespace hallcast {
void HealthHandler::watchHealth(Request& rq, bool watch) {
  if (rq.refused(authorize(rq.session.principal, StaffAction::kWatchHealth))) return;
  if (watch && !media_desk_) {
    rq.reject({v1::ERROR_CODE_FAILED_PRECONDITION, "this hub runs without media (media.enabled: false)"});
    return;
  }
  v1::Ack ack;
  if (watch) {
    watchers_.insert(&rq.session);
    *ack.mutable_health_watched() = visibleHealth(rq.session.principal, media_desk_->healthReport());
  } else {
    watchers_.erase(&rq.session);
    ack.mutable_health_unwatched();
  }
  rq.ack(std::move(ack));
}

void HealthHandler::controlFeed(Request& rq, const v1::ControlFeed& control) {
  if (!rq.room(control.room_id())) return;
  if (rq.refused(authorize(rq.session.principal, StaffAction::kControlFeed, control.room_id()))) return;
  if (control.action() == v1::FEED_ACTION_UNSPECIFIED || !v1::FeedAction_IsValid(control.action())) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "action must be RESTART, FORCE_STANDBY, USE_BACKUP or AUTOMATIC"});
    return;
  }
  if (!media_desk_) {
    rq.reject({v1::ERROR_CODE_FAILED_PRECONDITION, "this hub runs without media (media.enabled: false)"});
    return;
  }
  media_desk_->controlFeed(
      control.room_id(), control.action(),
      [reply = rq.later(), control, user = rq.session.user](std::optional<Rejection> refused) {
        if (refused) {
          reply.reject(*refused);
          return;
        }
        spdlog::info("room {}: {} by {} ({})", control.room_id(), v1::FeedAction_Name(control.action()),
                     user.display_name(), user.user_id());
        v1::Ack ack;
        ack.mutable_feed_controlled()->set_room_id(control.room_id());
        ack.mutable_feed_controlled()->set_action(control.action());
        reply.ack(std::move(ack));
      });
}

void HealthHandler::publish(const v1::HealthReport& report, const std::vector<v1::Alert>& changes) {
  if (watchers_.empty()) return;
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
  for (Session* watcher : watchers_) {
    const Principal& who = watcher->principal;
    if (who.rooms.empty()) {
      if (!everything) everything = encode(report, changes);
      hub_.outbox.send(*watcher, everything);
    } else {
      hub_.outbox.send(*watcher, encode(visibleHealth(who, report), visibleAlerts(who, changes)));
    }
  }
  hub_.detachClosing();
}

}  // namespace hallcast
