#pragma once
// The libjwt plumbing shared by staff access tokens and guest resume tokens:
// JWTs signed with HS256, with string and integer claims. Each kind of token
// carries its own audience ("aud"), checked when it is verified, so that one
// kind is never taken for the other even when both share a secret.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>

struct jwt;  // libjwt's jwt_t

namespace hallcast {

// What a kind of token is, for its audience claim and for the messages that
// explain why one was refused.
struct TokenKind {
  const char* audience;  // "aud", e.g. "hallcast-staff"
  const char* noun;      // "token", "resume token": "the token has expired"
  const char* purpose;   // "a staff access token": "the token is not a staff access token"
};

class SignedToken {
 public:
  // An empty token of `kind`; throws std::runtime_error if libjwt fails.
  explicit SignedToken(const TokenKind& kind);
  SignedToken(SignedToken&&) noexcept;
  SignedToken& operator=(SignedToken&&) noexcept;
  ~SignedToken();

  // Add a claim; throw std::runtime_error if libjwt fails.
  void setText(const char* name, const std::string& value);
  void setNumber(const char* name, long value);
  void setExpiry(std::chrono::system_clock::time_point expires);

  // The token signed with HS256 by `secret`, issued now ("iat").
  std::string sign(const std::string& secret);

  // The claims of a token of `kind` signed with HS256 by `secret` and not
  // expired at `now`; or why it is not valid (never quoting the token or the
  // secret).
  static std::variant<SignedToken, std::string> verify(const TokenKind& kind, const std::string& secret,
                                                       const std::string& token,
                                                       std::chrono::system_clock::time_point now);

  // "" when the claim is absent.
  std::string text(const char* name) const;
  std::optional<long> number(const char* name) const;
  std::chrono::system_clock::time_point expires() const;

 private:
  struct Free {
    void operator()(::jwt* j) const;
  };
  explicit SignedToken(::jwt* decoded) : jwt_(decoded) {}

  std::unique_ptr<::jwt, Free> jwt_;
};

}  // namespace hallcast
