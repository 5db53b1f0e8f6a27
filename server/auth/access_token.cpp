#include "auth/access_token.h"

#include <jwt.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "common/random_id.h"

namespace hallcast {
namespace {

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct CharFree {
  void operator()(char* p) const { free(p); }  // libjwt allocates with malloc
};
using JwtString = std::unique_ptr<char, CharFree>;

const unsigned char* keyBytes(const std::string& secret) {
  return reinterpret_cast<const unsigned char*>(secret.data());
}

}  // namespace

bool AccessClaims::coversRoom(const std::string& room_id) const {
  return rooms.empty() || std::find(rooms.begin(), rooms.end(), room_id) != rooms.end();
}

std::optional<v1::Role> staffRoleFromName(const std::string& name) {
  if (name == "moderator") return v1::ROLE_MODERATOR;
  if (name == "technician") return v1::ROLE_TECHNICIAN;
  if (name == "admin") return v1::ROLE_ADMIN;
  return std::nullopt;
}

const char* roleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_ATTENDEE: return "attendee";
    case v1::ROLE_MODERATOR: return "moderator";
    case v1::ROLE_TECHNICIAN: return "technician";
    case v1::ROLE_ADMIN: return "admin";
    default: return "unspecified";
  }
}

std::string mintAccessToken(const std::string& secret, const AccessClaims& claims) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("libjwt: cannot create a token");
  JwtPtr jwt(raw);
  const auto seconds = [](std::chrono::system_clock::time_point t) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
  };
  // Rooms as one space-separated string, like OAuth's "scope" (room ids
  // have no spaces); absent: every room.
  std::string rooms;
  for (const std::string& room : claims.rooms) rooms += (rooms.empty() ? "" : " ") + room;
  const std::string subject = claims.subject.empty() ? randomId("staff") : claims.subject;
  if (jwt_add_grant(jwt.get(), "sub", subject.c_str()) != 0 ||
      jwt_add_grant(jwt.get(), "name", claims.name.c_str()) != 0 ||
      jwt_add_grant(jwt.get(), "role", roleName(claims.role)) != 0 ||
      jwt_add_grant_int(jwt.get(), "iat", seconds(std::chrono::system_clock::now())) != 0 ||
      jwt_add_grant_int(jwt.get(), "exp", seconds(claims.expires)) != 0 ||
      (!rooms.empty() && jwt_add_grant(jwt.get(), "rooms", rooms.c_str()) != 0) ||
      jwt_set_alg(jwt.get(), JWT_ALG_HS256, keyBytes(secret), static_cast<int>(secret.size())) != 0) {
    throw std::runtime_error("libjwt: cannot fill the token");
  }
  JwtString encoded(jwt_encode_str(jwt.get()));
  if (!encoded) throw std::runtime_error("libjwt: cannot sign the token");
  return encoded.get();
}

std::variant<AccessClaims, std::string> verifyAccessToken(const std::string& secret, const std::string& token,
                                                          std::chrono::system_clock::time_point now) {
  jwt_t* raw = nullptr;
  // With a key, jwt_decode checks the signature; a token signed otherwise
  // (or not at all) fails here or at the algorithm check below.
  if (jwt_decode(&raw, token.c_str(), keyBytes(secret), static_cast<int>(secret.size())) != 0 || !raw) {
    if (raw) jwt_free(raw);
    return std::string("the token is not valid (malformed, or not signed by this event)");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return std::string("the token is not signed with HS256");
  AccessClaims claims;
  const char* role = jwt_get_grant(jwt.get(), "role");
  const auto staff = role ? staffRoleFromName(role) : std::nullopt;
  if (!staff) return std::string("the token names no staff role");
  claims.role = *staff;
  const char* name = jwt_get_grant(jwt.get(), "name");
  const char* sub = jwt_get_grant(jwt.get(), "sub");
  claims.name = name ? name : "";
  claims.subject = sub ? sub : "";
  errno = 0;
  const long exp = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || exp <= 0) return std::string("the token has no expiry");
  claims.expires = std::chrono::system_clock::time_point(std::chrono::seconds(exp));
  if (claims.expires <= now) return std::string("the token has expired");
  if (const char* rooms = jwt_get_grant(jwt.get(), "rooms")) {
    std::istringstream words(rooms);
    for (std::string room; words >> room;) claims.rooms.push_back(room);
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
