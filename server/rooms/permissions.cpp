#include "rooms/permissions.h"

#include <algorithm>

namespace hallcast {
namespace {

const char* actionName(StaffAction action) {
  switch (action) {
    case StaffAction::kWatchHealth: return "watching stream health";
    case StaffAction::kControlFeed: return "controlling a feed";
  }
  return "this";
}

bool technical(v1::Role role) { return role == v1::ROLE_TECHNICIAN || role == v1::ROLE_ADMIN; }

}  // namespace

std::optional<Rejection> authorize(const Principal& who, StaffAction action, const std::string& room_id) {
  if (!technical(who.role)) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED,
                     std::string(actionName(action)) + " is for technicians and admins (connect with a staff token)"};
  }
  if (!room_id.empty() && !who.rooms.empty() &&
      std::find(who.rooms.begin(), who.rooms.end(), room_id) == who.rooms.end()) {
    return Rejection{v1::ERROR_CODE_PERMISSION_DENIED, "your token does not cover room \"" + room_id + "\""};
  }
  return std::nullopt;
}

}  // namespace hallcast
