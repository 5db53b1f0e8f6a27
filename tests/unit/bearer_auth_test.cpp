#include "http/bearer_auth.h"

#include <gtest/gtest.h>

#include "auth/guest_token.h"

namespace hallcast {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "0123456789abcdef0123456789abcdef";

std::string staffToken(v1::Role role, std::chrono::system_clock::time_point expires,
                       std::vector<std::string> rooms = {}) {
  AccessClaims claims;
  claims.role = role;
  claims.name = "Chen Jing";
  claims.subject = "staff-3";
  claims.rooms = std::move(rooms);
  claims.expires = expires;
  return mintAccessToken(kSecret, claims);
}

std::string header(const HttpResponse& r, const std::string& name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return "(absent)";
}

// The refusal for `authorization`, or a failed test when it was accepted.
HttpResponse refusal(std::string_view authorization, StaffAction action = StaffAction::kWatchHealth,
                     const std::string& room = {}, const std::string& secret = kSecret) {
  auto result = authenticateStaff(authorization, secret, action, room);
  EXPECT_TRUE(std::holds_alternative<HttpResponse>(result)) << "accepted: " << authorization;
  return std::holds_alternative<HttpResponse>(result) ? std::get<HttpResponse>(result) : HttpResponse{};
}

TEST(BearerAuth, AMissingHeaderOrAnotherSchemeIsAChallengeWithoutAnError) {
  for (std::string_view authorization : {"", "  ", "Basic YWRtaW46YWRtaW4=", "Bearerx abc"}) {
    const HttpResponse r = refusal(authorization);
    EXPECT_EQ(r.status, 401) << authorization;
    EXPECT_EQ(header(r, "www-authenticate"), "Bearer realm=\"hallcast\"") << authorization;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_NE(r.body.find("\"status\":401"), std::string::npos) << r.body;
  }
  EXPECT_NE(refusal("Basic YWRtaW46YWRtaW4=").body.find("Bearer scheme"), std::string::npos);
}

TEST(BearerAuth, ABadOrExpiredTokenIsAnInvalidTokenChallenge) {
  const auto now = std::chrono::system_clock::now();
  const std::string expired = staffToken(v1::ROLE_TECHNICIAN, now - 1min);
  std::string tampered = staffToken(v1::ROLE_TECHNICIAN, now + 1h);
  tampered[tampered.find('.') + 3] ^= 1;
  const std::string guest = mintGuestToken(kSecret, {"u_1", "Zhang San", now + 1h});
  const std::pair<std::string, std::string> cases[] = {
      {"Bearer " + expired, "the token has expired"},
      {"Bearer " + tampered, "the token is not valid"},
      {"Bearer not-a-jwt", "the token is not valid"},
      {"Bearer " + guest, "the token is not a staff access token"},
      {"Bearer", "the Bearer token is empty"},
      {"Bearer   ", "the Bearer token is empty"},
  };
  for (const auto& [authorization, says] : cases) {
    const HttpResponse r = refusal(authorization);
    EXPECT_EQ(r.status, 401) << authorization;
    const std::string challenge = header(r, "www-authenticate");
    EXPECT_TRUE(challenge.starts_with("Bearer realm=\"hallcast\", error=\"invalid_token\", error_description=\""))
        << challenge;
    EXPECT_NE(challenge.find(says), std::string::npos) << challenge;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(authorization.size() > 7 ? authorization.substr(7) : "\x01"), std::string::npos)
        << "the token is never quoted";
  }
  // A hub without an access secret accepts no token.
  EXPECT_EQ(refusal("Bearer " + staffToken(v1::ROLE_ADMIN, now + 1h), StaffAction::kWatchHealth, {}, "").status, 401);
}

TEST(BearerAuth, ARoleOrRoomsThatDoNotAllowItAreForbidden) {
  const auto later = std::chrono::system_clock::now() + 1h;
  const HttpResponse moderator = refusal("Bearer " + staffToken(v1::ROLE_MODERATOR, later));
  EXPECT_EQ(moderator.status, 403);
  EXPECT_EQ(header(moderator, "www-authenticate"), "Bearer realm=\"hallcast\", error=\"insufficient_scope\"");
  EXPECT_NE(moderator.body.find("\"status\":403"), std::string::npos) << moderator.body;
  const HttpResponse elsewhere = refusal("Bearer " + staffToken(v1::ROLE_TECHNICIAN, later, {"panel-a"}),
                                         StaffAction::kControlFeed, "main-forum");
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_NE(elsewhere.body.find("main-forum"), std::string::npos) << elsewhere.body;
}

TEST(BearerAuth, AGoodTokenGivesItsClaims) {
  const auto later = std::chrono::system_clock::now() + 1h;
  for (const std::string scheme : {"Bearer ", "bearer ", "  BEARER\t"}) {
    auto result = authenticateStaff(scheme + staffToken(v1::ROLE_TECHNICIAN, later, {"panel-a"}), kSecret,
                                    StaffAction::kControlFeed, "panel-a");
    ASSERT_TRUE(std::holds_alternative<AccessClaims>(result)) << std::get<HttpResponse>(result).body;
    const AccessClaims& claims = std::get<AccessClaims>(result);
    EXPECT_EQ(claims.role, v1::ROLE_TECHNICIAN);
    EXPECT_EQ(claims.name, "Chen Jing");
    EXPECT_EQ(claims.subject, "staff-3");
    EXPECT_EQ(claims.rooms, std::vector<std::string>{"panel-a"});
  }
}

TEST(HttpRequest, FindsTheFirstValueOfAQueryParameter) {
  HttpRequest request;
  request.query = {{"order", "top"}, {"flag", ""}, {"order", "new"}};
  EXPECT_EQ(request.queryParam("order"), "top");
  EXPECT_EQ(request.queryParam("flag"), "");
  EXPECT_FALSE(request.queryParam("since"));
}

}  // namespace
}  // namespace hallcast
