#include "http/bearer_auth.h"

#include <algorithm>
#include <cctype>

namespace hallcast {
namespace {

constexpr std::string_view kRealm = "Bearer realm=\"hallcast\"";

// RFC 6750 §3: error_description may hold only %x20-21 / %x23-5B / %x5D-7E.
std::string quotable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') out += c;
  }
  return out;
}

HttpResponse unauthorized(const std::string& message, bool token_presented) {
  HttpResponse r = httpError(401, message);
  std::string challenge(kRealm);
  if (token_presented) challenge += ", error=\"invalid_token\", error_description=\"" + quotable(message) + "\"";
  r.headers.emplace_back("www-authenticate", std::move(challenge));
  return r;
}

bool equalIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::variant<AccessClaims, HttpResponse> authenticateStaff(std::string_view authorization, const std::string& secret,
                                                           StaffAction action, const std::string& room_id,
                                                           std::chrono::system_clock::time_point now) {
  authorization = trimmed(authorization);
  if (authorization.empty()) {
    return unauthorized("this needs a staff token: send Authorization: Bearer <token> (see `hallcast token`)", false);
  }
  // The scheme is case-insensitive (RFC 7235 §2.1). Another scheme is no
  // Bearer token at all: a challenge without an error (RFC 6750 §3.1).
  const std::size_t space = authorization.find_first_of(" \t");
  if (!equalIgnoringCase(authorization.substr(0, space), "bearer")) {
    return unauthorized("the Authorization header must use the Bearer scheme: Authorization: Bearer <token>", false);
  }
  const std::string token(space == std::string_view::npos ? "" : trimmed(authorization.substr(space)));
  if (token.empty()) return unauthorized("the Bearer token is empty", true);
  auto verified = verifyAccessToken(secret, token, now);
  if (auto* why = std::get_if<std::string>(&verified)) return unauthorized(*why, true);
  AccessClaims& claims = std::get<AccessClaims>(verified);
  if (auto denied = authorize({claims.role, claims.rooms}, action, room_id)) {
    HttpResponse r = httpError(403, denied->message);
    r.headers.emplace_back("www-authenticate", std::string(kRealm) + ", error=\"insufficient_scope\"");
    return r;
  }
  return std::move(claims);
}

}  // namespace hallcast
