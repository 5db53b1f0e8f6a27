#pragma once
// Access tokens: JWTs signed with HS256 (libjwt) by the event's secret. A
// token names a role and a person, may be limited to some rooms, and
// expires. Staff (moderators, technicians, admins), exhibitors' staff and
// accredited press have one; attendees need none.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hallcast/v1/common.pb.h"

namespace hallcast {

struct AccessClaims {
  v1::Role role = v1::ROLE_ATTENDEE;
  std::string name;                // display name of the person
  std::string subject;             // stable id of the person ("sub")
  std::vector<std::string> rooms;  // empty: every room (an exhibitor's: their booth)
  std::string outlet;              // ROLE_PRESS: the journalist's news outlet
  std::chrono::system_clock::time_point expires;

  bool coversRoom(const std::string& room_id) const;
};

// "moderator", "technician", "admin", "press", "exhibitor": the roles a
// token may name.
std::optional<v1::Role> tokenRoleFromName(const std::string& name);
const char* roleName(v1::Role role);

// A signed token; throws std::runtime_error if libjwt fails.
std::string mintAccessToken(const std::string& secret, const AccessClaims& claims);

// The claims of a valid token, or why it is not valid (for the client: it
// never quotes the token or the secret).
std::variant<AccessClaims, std::string> verifyAccessToken(const std::string& secret, const std::string& token,
                                                          std::chrono::system_clock::time_point now);

// "12h", "30m", "45s", "7d" → duration; nullopt when malformed or zero.
std::optional<std::chrono::seconds> parseTtl(const std::string& text);

}  // namespace hallcast
