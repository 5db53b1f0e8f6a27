#include "auth/guest_token.h"

#include "auth/signed_token.h"

namespace hallcast {
namespace {

const TokenKind kGuestToken{"hallcast-guest", "resume token", "a guest resume token"};

}  // namespace

std::string mintGuestToken(const std::string& secret, const GuestClaims& claims) {
  SignedToken token(kGuestToken);
  token.setText("sub", claims.user_id);
  token.setText("name", claims.display_name);
  token.setExpiry(claims.expires);
  return token.sign(secret);
}

std::variant<GuestClaims, std::string> verifyGuestToken(const std::string& secret, const std::string& token,
                                                        std::chrono::system_clock::time_point now) {
  auto verified = SignedToken::verify(kGuestToken, secret, token, now);
  if (auto* why = std::get_if<std::string>(&verified)) return std::move(*why);
  const SignedToken& jwt = std::get<SignedToken>(verified);
  GuestClaims claims;
  claims.user_id = jwt.text("sub");
  if (claims.user_id.empty()) return std::string("the resume token names no guest");
  claims.display_name = jwt.text("name");
  claims.expires = jwt.expires();
  return claims;
}

}  // namespace hallcast
