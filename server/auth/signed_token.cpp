#include "auth/signed_token.h"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace hallcast {
namespace {

const unsigned char* keyBytes(const std::string& secret) {
  return reinterpret_cast<const unsigned char*>(secret.data());
}

long unixSeconds(std::chrono::system_clock::time_point t) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

void check(int status, const char* what) {
  if (status != 0) throw std::runtime_error(std::string("libjwt: cannot ") + what);
}

}  // namespace

void SignedToken::Free::operator()(::jwt* j) const { jwt_free(j); }

SignedToken::SignedToken(const TokenKind& kind) {
  jwt_t* raw = nullptr;
  check(jwt_new(&raw), "create a token");
  jwt_.reset(raw);
  setText("aud", kind.audience);
}

SignedToken::SignedToken(SignedToken&&) noexcept = default;
SignedToken& SignedToken::operator=(SignedToken&&) noexcept = default;
SignedToken::~SignedToken() = default;

void SignedToken::setText(const char* name, const std::string& value) {
  check(jwt_add_grant(jwt_.get(), name, value.c_str()), "fill the token");
}

void SignedToken::setNumber(const char* name, long value) {
  check(jwt_add_grant_int(jwt_.get(), name, value), "fill the token");
}

void SignedToken::setExpiry(std::chrono::system_clock::time_point expires) { setNumber("exp", unixSeconds(expires)); }

std::string SignedToken::sign(const std::string& secret) {
  setNumber("iat", unixSeconds(std::chrono::system_clock::now()));
  check(jwt_set_alg(jwt_.get(), JWT_ALG_HS256, keyBytes(secret), static_cast<int>(secret.size())), "sign the token");
  char* encoded = jwt_encode_str(jwt_.get());
  if (!encoded) throw std::runtime_error("libjwt: cannot sign the token");
  std::string out(encoded);
  free(encoded);  // libjwt allocates with malloc
  return out;
}

std::variant<SignedToken, std::string> SignedToken::verify(const TokenKind& kind, const std::string& secret,
                                                           const std::string& token,
                                                           std::chrono::system_clock::time_point now) {
  const std::string the = std::string("the ") + kind.noun;
  // An empty key would let libjwt accept an unsigned token.
  if (secret.empty()) return the + " cannot be checked: this hub has no secret";
  jwt_t* raw = nullptr;
  // With a key, jwt_decode checks the signature; a token signed otherwise
  // (or not at all) fails here or at the algorithm check below.
  if (jwt_decode(&raw, token.c_str(), keyBytes(secret), static_cast<int>(secret.size())) != 0 || !raw) {
    if (raw) jwt_free(raw);
    return the + " is not valid (malformed, or not signed by this event)";
  }
  SignedToken decoded(raw);
  if (jwt_get_alg(raw) != JWT_ALG_HS256) return the + " is not signed with HS256";
  if (decoded.text("aud") != kind.audience) return the + " is not " + kind.purpose;
  const auto exp = decoded.number("exp");
  if (!exp || *exp <= 0) return the + " has no expiry";
  if (decoded.expires() <= now) return the + " has expired";
  return decoded;
}

std::string SignedToken::text(const char* name) const {
  const char* value = jwt_get_grant(jwt_.get(), name);
  return value ? value : "";
}

std::optional<long> SignedToken::number(const char* name) const {
  errno = 0;
  const long value = jwt_get_grant_int(jwt_.get(), name);
  if (errno != 0) return std::nullopt;
  return value;
}

std::chrono::system_clock::time_point SignedToken::expires() const {
  return std::chrono::system_clock::time_point(std::chrono::seconds(number("exp").value_or(0)));
}

}  // namespace hallcast
