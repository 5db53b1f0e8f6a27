#include "auth/guest_token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "auth/access_token.h"
#include "auth/guest_secret.h"
#include "support/temp_dir.h"

namespace hallcast {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "0123456789abcdef0123456789abcdef";

GuestClaims guest() { return {"u_00000000000000aa", "Zhang San", std::chrono::system_clock::now() + kGuestTokenLifetime}; }

std::string errorOf(const std::variant<GuestClaims, std::string>& verified) {
  const auto* why = std::get_if<std::string>(&verified);
  return why ? *why : "(accepted)";
}

TEST(GuestToken, RoundTripsTheGuestsIdentity) {
  const std::string token = mintGuestToken(kSecret, guest());
  auto verified = verifyGuestToken(kSecret, token, std::chrono::system_clock::now());
  ASSERT_TRUE(std::holds_alternative<GuestClaims>(verified)) << errorOf(verified);
  const GuestClaims& c = std::get<GuestClaims>(verified);
  EXPECT_EQ(c.user_id, "u_00000000000000aa");
  EXPECT_EQ(c.display_name, "Zhang San");
  EXPECT_GT(c.expires, std::chrono::system_clock::now() + kGuestTokenLifetime - 1min);
}

TEST(GuestToken, RefusesExpiredTamperedAndForeignTokens) {
  const auto now = std::chrono::system_clock::now();
  const std::string token = mintGuestToken(kSecret, guest());
  EXPECT_EQ(errorOf(verifyGuestToken(kSecret, token, now + kGuestTokenLifetime + 1h)), "the resume token has expired");
  std::string tampered = token;
  const std::size_t dot = tampered.find('.');
  tampered[dot + 5] = tampered[dot + 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(errorOf(verifyGuestToken(kSecret, tampered, now)),
            "the resume token is not valid (malformed, or not signed by this event)");
  EXPECT_NE(errorOf(verifyGuestToken("another secret of thirty-two bytes!", token, now)), "(accepted)");
  EXPECT_NE(errorOf(verifyGuestToken(kSecret, "", now)), "(accepted)");
  EXPECT_NE(errorOf(verifyGuestToken("", token, now)), "(accepted)") << "no secret accepts nothing";
}

TEST(GuestToken, IsNeverTakenForAStaffTokenNorAStaffTokenForIt) {
  const auto now = std::chrono::system_clock::now();
  const std::string guest_token = mintGuestToken(kSecret, guest());
  const auto as_staff = verifyAccessToken(kSecret, guest_token, now);
  ASSERT_TRUE(std::holds_alternative<std::string>(as_staff));
  EXPECT_EQ(std::get<std::string>(as_staff), "the token is not a staff access token");

  AccessClaims admin;
  admin.role = v1::ROLE_ADMIN;
  admin.name = "Li Wei";
  admin.subject = "u_00000000000000aa";
  admin.expires = now + 1h;
  const std::string staff_token = mintAccessToken(kSecret, admin);
  EXPECT_EQ(errorOf(verifyGuestToken(kSecret, staff_token, now)), "the resume token is not a guest resume token");
}

TEST(GuestSecret, IsMadeOncePrivateAndKept) {
  test::TempDir dir;
  const auto data = dir.path() / "data";
  const std::string secret = loadOrCreateGuestSecret(data);
  EXPECT_GE(secret.size(), 32u);
  struct stat st {};
  ASSERT_EQ(stat((data / "guest-secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(loadOrCreateGuestSecret(data), secret) << "a restart keeps the secret";
  test::TempDir other;
  EXPECT_NE(loadOrCreateGuestSecret(other.path()), secret);
  dir.write("data/guest-secret", "short");
  EXPECT_THROW(loadOrCreateGuestSecret(data), std::runtime_error);
}

}  // namespace
}  // namespace hallcast
