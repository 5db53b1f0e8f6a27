#pragma once
// Who may do what, decided on the server for every request. Pure: the
// person's role and room scope in, a refusal (or none) out.

#include <optional>
#include <string>
#include <vector>

#include "hallcast/v1/common.pb.h"
#include "rooms/rejection.h"

namespace hallcast {

// The privileged operations. (Attendee operations — join, chat — need no
// role.)
enum class StaffAction { kWatchHealth, kControlFeed };

struct Principal {
  v1::Role role = v1::ROLE_ATTENDEE;
  std::vector<std::string> rooms;  // a staff token's rooms; empty: every room
};

// nullopt when allowed; else PERMISSION_DENIED saying who may. `room_id` is
// the room acted on (empty for event-wide operations).
std::optional<Rejection> authorize(const Principal& who, StaffAction action, const std::string& room_id = {});

}  // namespace hallcast
