#pragma once
// Who may do what, decided on the server for every request. Pure: the
// person's role and room scope in, a refusal (or none) out.
//
//   action                     attendee  moderator  technician  admin
//   moderate a room            -         its rooms  -           yes    (exhibitor: their booth)
//   moderate every room        -         unscoped   -           yes
//   read the audit trail       -         -          -           yes
//   watch stream health        -         -          yes         yes
//   control a room's feed      -         -          its rooms   yes
//
// Press (a press token) are attendees who may also ask where questions are
// for accredited press only (rooms[].press_only_questions, see mayAsk).
//
// "its rooms": the rooms its token names (every room when it names none);
// "unscoped": a token that names no rooms.

#include <optional>
#include <string>
#include <vector>

#include "hallcast/v1/common.pb.h"
#include "hallcast/v1/health.pb.h"
#include "rooms/rejection.h"

namespace hallcast {

// The privileged operations. (Attendee operations — join, chat, ask, vote,
// react — need no role.)
enum class StaffAction {
  kModerateRoom,        // Q&A, chat moderation, room settings, polls, one room's mutes and announcements
  kModerateEverywhere,  // bans, mutes and announcements for every room
  kReadAudit,
  kWatchHealth,
  kControlFeed,
};

struct Principal {
  v1::Role role = v1::ROLE_ATTENDEE;
  std::vector<std::string> rooms;  // a staff token's rooms; empty: every room

  bool covers(const std::string& room_id) const;
};

// nullopt when allowed; else PERMISSION_DENIED saying who may. `room_id` is
// the room acted on (empty for event-wide operations).
std::optional<Rejection> authorize(const Principal& who, StaffAction action, const std::string& room_id = {});

// Asking a question in `room_id`: anyone may; where `press_only` only press
// whose token covers the room (PERMISSION_DENIED saying so otherwise).
std::optional<Rejection> mayAsk(const Principal& who, const std::string& room_id, bool press_only);

// Whether `who` moderates `room_id` (sees every question and event in full).
bool moderates(const Principal& who, const std::string& room_id);

// What of a health report (or of alert changes) `who` may see: the feeds
// and alerts of the rooms their token covers, and the event-wide alerts
// (no room).
v1::HealthReport visibleHealth(const Principal& who, const v1::HealthReport& report);
std::vector<v1::Alert> visibleAlerts(const Principal& who, const std::vector<v1::Alert>& alerts);

}  // namespace hallcast
