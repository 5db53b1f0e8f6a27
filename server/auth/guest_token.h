#pragma once
// Guest resume tokens: the Welcome of an attendee carries one, and a later
// Hello that presents it keeps the same guest identity (user_id: votes, own
// questions) across reconnects and restarts of the hub. JWTs signed with
// HS256 (see signed_token.h) under an audience of their own, so a resume
// token is never accepted as a staff token, nor a staff token as this.

#include <chrono>
#include <string>
#include <variant>

namespace hallcast {

struct GuestClaims {
  std::string user_id;       // "sub"
  std::string display_name;  // "name": kept when a resuming Hello names none
  std::chrono::system_clock::time_point expires;
};

// How long a guest stays itself without connecting (each Welcome gives a
// fresh token, so a returning guest's identity keeps going).
inline constexpr std::chrono::hours kGuestTokenLifetime{24 * 30};

// A signed token; throws std::runtime_error if libjwt fails.
std::string mintGuestToken(const std::string& secret, const GuestClaims& claims);

// The claims of a valid resume token, or why it is not valid (for the
// client: it never quotes the token or the secret).
std::variant<GuestClaims, std::string> verifyGuestToken(const std::string& secret, const std::string& token,
                                                        std::chrono::system_clock::time_point now);

}  // namespace hallcast
