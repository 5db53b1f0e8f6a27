#include "auth/guest_token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "auth/access_token.h"
#include "auth/data_secret.h"
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

TEST(DataSecret, IsMadeOncePrivateAndKept) {
  test::TempDir dir;
  const auto data = dir.path() / "data";
  EXPECT_EQ(loadDataSecret(data), std::nullopt);
  const std::string secret = loadOrCreateDataSecret(data);
  EXPECT_GE(secret.size(), 32u);
  struct stat st {};
  ASSERT_EQ(stat((data / "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(loadOrCreateDataSecret(data), secret) << "a restart keeps the secret";
  EXPECT_EQ(loadDataSecret(data), secret);
  test::TempDir other;
  EXPECT_NE(loadOrCreateDataSecret(other.path()), secret);
  dir.write("data/secret", "short");
  EXPECT_THROW(loadOrCreateDataSecret(data), std::runtime_error);
  EXPECT_THROW(loadDataSecret(data), std::runtime_error);
}

TEST(DataSecret, TakesOverAnOlderHubsGuestSecret) {
  test::TempDir dir;
  const std::string old = "0123456789abcdef0123456789abcdef0123456789abcdef";
  std::filesystem::create_directories(dir.path() / "data");
  dir.write("data/guest-secret", old + "\n");
  EXPECT_EQ(loadOrCreateDataSecret(dir.path() / "data"), old) << "its guests keep their resume tokens";
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data" / "guest-secret"));
  EXPECT_EQ(loadDataSecret(dir.path() / "data"), old);
}

}  // namespace
}  // namespace hallcast
