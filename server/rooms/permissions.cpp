#include "rooms/permissions.h"

#include <algorithm>

namespace hallcast {
namespace {

struct Rule {
  const char* what;
  const char* who;
  bool (*role_allowed)(v1::Role);
  bool needs_unscoped;
};

bool moderatorOrAdmin(v1::Role r) { return r == v1::ROLE_MODERATOR || r == v1::ROLE_ADMIN; }
// An exhibitor's token covers their booth only: they moderate its chat.
bool roomModerator(v1::Role r) { return moderatorOrAdmin(r) || r == v1::ROLE_EXHIBITOR; }
bool technicianOrAdmin(v1::Role r) { return r == v1::ROLE_TECHNICIAN || r == v1::ROLE_ADMIN; }
bool adminOnly(v1::Role r) { return r == v1::ROLE_ADMIN; }

Rule ruleFor(StaffAction action) {
  switch (action) {
    case StaffAction::kModerateRoom:
      return {"moderating a room", "moderators and admins (exhibitors: their booth)", roomModerator, false};
    case StaffAction::kModerateEverywhere:
      return {"moderating every room at once", "moderators and admins", moderatorOrAdmin, true};
    case StaffAction::kReadAudit:
      return {"reading the audit trail", "admins", adminOnly, false};
    case StaffAction::kWatchHealth:
      return {"watching stream health", "technicians and admins", technicianOrAdmin, false};
    case StaffAction::kControlFeed:
      return {"controlling a feed", "technicians and admins", technicianOrAdmin, false};
  }
  return {"this", "nobody", adminOnly, true};
}

}  // namespace

bool Principal::covers(const std::string& room_id) const {
  return rooms.empty() || std::find(rooms.begin(), rooms.end(), room_id) != rooms.end();
}

std::optional<Rejection> authorize(const Principal& who, StaffAction action, const std::string& room_id) {
  const Rule rule = ruleFor(action);
  if (!rule.role_allowed(who.role)) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED,
                     std::string(rule.what) + " is for " + rule.who + " (connect with a staff token)"};
  }
  if (rule.needs_unscoped && !who.rooms.empty()) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED,
                     std::string(rule.what) + " needs a token for every room; yours names some rooms only"};
  }
  if (!room_id.empty() && !who.covers(room_id)) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED, "your token does not cover room \"" + room_id + "\""};
  }
  return std::nullopt;
}

std::optional<Rejection> mayAsk(const Principal& who, const std::string& room_id, bool press_only) {
  if (!press_only) return std::nullopt;
  if (who.role != v1::ROLE_PRESS) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED,
                     "questions in this room are for accredited press only (sign in with a press token); "
                     "you can watch, vote and react"};
  }
  if (!who.covers(room_id)) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED, "your press token does not cover room \"" + room_id + "\""};
  }
  return std::nullopt;
}

bool moderates(const Principal& who, const std::string& room_id) {
  return roomModerator(who.role) && who.covers(room_id);
}

v1::HealthReport visibleHealth(const Principal& who, const v1::HealthReport& report) {
  if (who.rooms.empty()) return report;
  v1::HealthReport visible;
  *visible.mutable_time() = report.time();
  for (const v1::FeedHealth& feed : report.feeds()) {
    if (who.covers(feed.room_id())) *visible.add_feeds() = feed;
  }
  for (const v1::Alert& alert : report.alerts()) {
    if (alert.room_id().empty() || who.covers(alert.room_id())) *visible.add_alerts() = alert;
  }
  return visible;
}

std::vector<v1::Alert> visibleAlerts(const Principal& who, const std::vector<v1::Alert>& alerts) {
  std::vector<v1::Alert> visible;
  for (const v1::Alert& alert : alerts) {
    if (alert.room_id().empty() || who.covers(alert.room_id())) visible.push_back(alert);
  }
  return visible;
}

}  // namespace hallcast
