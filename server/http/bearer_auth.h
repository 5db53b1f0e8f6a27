#pragma once
// Staff over HTTP: the staff endpoints take the same tokens as Hello.token,
// sent as `Authorization: Bearer <token>` (RFC 6750).

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "auth/access_token.h"
#include "http/routes.h"
#include "rooms/permissions.h"

namespace hallcast {

// The verified claims of the staff token in `authorization` (the request's
// Authorization header) when its role may do `action` in `room_id` (empty:
// event-wide), else the answer to send: 401 with `WWW-Authenticate: Bearer
// realm="hallcast"` when there is no Bearer token, with
// `error="invalid_token"` too when the token is bad or expired, and 403 when
// the role or its rooms do not allow it. `secret` is the event's
// access.secret (empty: no token is valid). Bodies are httpError's JSON.
std::variant<AccessClaims, HttpResponse> authenticateStaff(
    std::string_view authorization, const std::string& secret, StaffAction action, const std::string& room_id = {},
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace hallcast
