#include "auth/access_token.h"

#include <algorithm>
#include <sstream>

#include "auth/signed_token.h"
#include "common/random_id.h"

namespace hallcast {
namespace {

const TokenKind kStaffToken{"hallcast-staff", "token", "a staff access token"};

}  // namespace

bool AccessClaims::coversRoom(const std::string& room_id) const {
  return rooms.empty() || std::find(rooms.begin(), rooms.end(), room_id) != rooms.end();
}

std::optional<v1::Role> tokenRoleFromName(const std::string& name) {
  if (name == "moderator") return v1::ROLE_MODERATOR;
  if (name == "technician") return v1::ROLE_TECHNICIAN;
  if (name == "admin") return v1::ROLE_ADMIN;
  if (name == "press") return v1::ROLE_PRESS;
  if (name == "exhibitor") return v1::ROLE_EXHIBITOR;
  return std::nullopt;
}

const char* roleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_ATTENDEE: return "attendee";
    case v1::ROLE_MODERATOR: return "moderator";
    case v1::ROLE_TECHNICIAN: return "technician";
    case v1::ROLE_ADMIN: return "admin";
    case v1::ROLE_PRESS: return "press";
    case v1::ROLE_EXHIBITOR: return "exhibitor";
    default: return "unspecified";
  }
}

std::string mintAccessToken(const std::string& secret, const AccessClaims& claims) {
  SignedToken token(kStaffToken);
  token.setText("sub", claims.subject.empty() ? randomId("staff") : claims.subject);
  token.setText("name", claims.name);
  token.setText("role", roleName(claims.role));
  token.setExpiry(claims.expires);
  // Rooms as one space-separated string, like OAuth's "scope" (room ids
  // have no spaces); absent: every room.
  std::string rooms;
  for (const std::string& room : claims.rooms) rooms += (rooms.empty() ? "" : " ") + room;
  if (!rooms.empty()) token.setText("rooms", rooms);
  if (!claims.outlet.empty()) token.setText("outlet", claims.outlet);
  return token.sign(secret);
}

std::variant<AccessClaims, std::string> verifyAccessToken(const std::string& secret, const std::string& token,
                                                          std::chrono::system_clock::time_point now) {
  auto verified = SignedToken::verify(kStaffToken, secret, token, now);
  if (auto* why = std::get_if<std::string>(&verified)) return std::move(*why);
  const SignedToken& jwt = std::get<SignedToken>(verified);
  AccessClaims claims;
  const auto role = tokenRoleFromName(jwt.text("role"));
  if (!role) return std::string("the token names no role");
  claims.role = *role;
  claims.outlet = jwt.text("outlet");
  if (claims.role == v1::ROLE_PRESS && claims.outlet.empty()) return std::string("the press token names no outlet");
  claims.name = jwt.text("name");
  claims.subject = jwt.text("sub");
  claims.expires = jwt.expires();
  std::istringstream words(jwt.text("rooms"));
  for (std::string room; words >> room;) claims.rooms.push_back(room);
  if (claims.role == v1::ROLE_EXHIBITOR && claims.rooms.size() != 1) {
    return std::string("the exhibitor token names no booth");
  }
  return claims;
}

std::optional<std::chrono::seconds> parseTtl(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  long long n = 0;
  try {
    std::size_t used = 0;
    n = std::stoll(text.substr(0, text.size() - 1), &used);
    if (used != text.size() - 1 || n <= 0) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  switch (unit) {
    case 's': return std::chrono::seconds(n);
    case 'm': return std::chrono::seconds(n * 60);
    case 'h': return std::chrono::seconds(n * 3600);
    case 'd': return std::chrono::seconds(n * 86400);
    default: return std::nullopt;
  }
}

}  // namespace hallcast
