#include "auth/access_token.h"

#include <gtest/gtest.h>

#include "rooms/permissions.h"

namespace hallcast {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "0123456789abcdef0123456789abcdef";

AccessClaims technician(std::vector<std::string> rooms = {}) {
  AccessClaims c;
  c.role = v1::ROLE_TECHNICIAN;
  c.name = "Wang Fang";
  c.subject = "staff-7";
  c.rooms = std::move(rooms);
  c.expires = std::chrono::system_clock::now() + 1h;
  return c;
}

TEST(AccessToken, RoundTripsItsClaims) {
  const std::string token = mintAccessToken(kSecret, technician({"main-forum", "panel-1"}));
  auto verified = verifyAccessToken(kSecret, token, std::chrono::system_clock::now());
  ASSERT_TRUE(std::holds_alternative<AccessClaims>(verified)) << std::get<std::string>(verified);
  const auto& c = std::get<AccessClaims>(verified);
  EXPECT_EQ(c.role, v1::ROLE_TECHNICIAN);
  EXPECT_EQ(c.name, "Wang Fang");
  EXPECT_EQ(c.subject, "staff-7");
  EXPECT_EQ(c.rooms, (std::vector<std::string>{"main-forum", "panel-1"}));
  EXPECT_TRUE(c.coversRoom("panel-1"));
  EXPECT_FALSE(c.coversRoom("panel-2"));
}

TEST(AccessToken, APressTokenCarriesItsOutletAndNeedsOne) {
  AccessClaims press = technician({"press-conference"});
  press.role = v1::ROLE_PRESS;
  press.outlet = "Xinhua News Agency";
  auto verified = verifyAccessToken(kSecret, mintAccessToken(kSecret, press), std::chrono::system_clock::now());
  ASSERT_TRUE(std::holds_alternative<AccessClaims>(verified)) << std::get<std::string>(verified);
  EXPECT_EQ(std::get<AccessClaims>(verified).role, v1::ROLE_PRESS);
  EXPECT_EQ(std::get<AccessClaims>(verified).outlet, "Xinhua News Agency");
  press.outlet.clear();
  EXPECT_EQ(std::get<std::string>(verifyAccessToken(kSecret, mintAccessToken(kSecret, press), std::chrono::system_clock::now())),
            "the press token names no outlet");
}

TEST(AccessToken, AnExhibitorTokenNamesItsBooth) {
  AccessClaims exhibitor = technician({"booth-genomics"});
  exhibitor.role = v1::ROLE_EXHIBITOR;
  auto verified = verifyAccessToken(kSecret, mintAccessToken(kSecret, exhibitor), std::chrono::system_clock::now());
  ASSERT_TRUE(std::holds_alternative<AccessClaims>(verified)) << std::get<std::string>(verified);
  EXPECT_EQ(std::get<AccessClaims>(verified).rooms, std::vector<std::string>{"booth-genomics"});
  exhibitor.rooms.clear();
  EXPECT_EQ(std::get<std::string>(verifyAccessToken(kSecret, mintAccessToken(kSecret, exhibitor), std::chrono::system_clock::now())),
            "the exhibitor token names no booth");
}

TEST(Permissions, ExhibitorsModerateTheirBoothOnly) {
  const Principal exhibitor{v1::ROLE_EXHIBITOR, {"booth-genomics"}};
  EXPECT_FALSE(authorize(exhibitor, StaffAction::kModerateRoom, "booth-genomics"));
  EXPECT_TRUE(moderates(exhibitor, "booth-genomics"));
  EXPECT_FALSE(moderates(exhibitor, "main-forum"));
  EXPECT_TRUE(authorize(exhibitor, StaffAction::kModerateRoom, "main-forum"));
  EXPECT_TRUE(authorize(exhibitor, StaffAction::kModerateEverywhere));
  EXPECT_TRUE(authorize(exhibitor, StaffAction::kControlFeed, "booth-genomics"));
}

TEST(Permissions, PressOnlyRoomsTakeQuestionsFromPressTheirTokenCovers) {
  EXPECT_FALSE(mayAsk({v1::ROLE_ATTENDEE, {}}, "main-forum", false));
  EXPECT_EQ(mayAsk({v1::ROLE_ATTENDEE, {}}, "press-conference", true)->code, v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_EQ(mayAsk({v1::ROLE_MODERATOR, {}}, "press-conference", true)->code, v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_FALSE(mayAsk({v1::ROLE_PRESS, {}}, "press-conference", true));
  EXPECT_FALSE(mayAsk({v1::ROLE_PRESS, {"press-conference"}}, "press-conference", true));
  EXPECT_EQ(mayAsk({v1::ROLE_PRESS, {"main-forum"}}, "press-conference", true)->code, v1::ERROR_CODE_PERMISSION_DENIED);
  // Press have no staff rights.
  EXPECT_TRUE(authorize({v1::ROLE_PRESS, {}}, StaffAction::kModerateRoom, "press-conference"));
}

TEST(AccessToken, RefusesExpiredTamperedForeignAndUnsignedTokens) {
  const auto now = std::chrono::system_clock::now();
  const std::string token = mintAccessToken(kSecret, technician());
  EXPECT_EQ(std::get<std::string>(verifyAccessToken(kSecret, token, now + 2h)), "the token has expired");
  EXPECT_TRUE(std::holds_alternative<std::string>(
      verifyAccessToken("another secret of thirty-two bytes!", token, now)));
  // Flip a character of the payload: the signature no longer matches.
  std::string tampered = token;
  const std::size_t dot = tampered.find('.');
  tampered[dot + 5] = tampered[dot + 5] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(std::holds_alternative<std::string>(verifyAccessToken(kSecret, tampered, now)));
  // {"alg":"none"} with the same payload and no signature.
  const std::string unsigned_token =
      "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0" + token.substr(dot, token.rfind('.') - dot) + ".";
  EXPECT_TRUE(std::holds_alternative<std::string>(verifyAccessToken(kSecret, unsigned_token, now)));
  EXPECT_TRUE(std::holds_alternative<std::string>(verifyAccessToken(kSecret, "not a token", now)));
}

TEST(AccessToken, ParsesLifetimes) {
  EXPECT_EQ(parseTtl("12h"), std::chrono::seconds(12 * 3600));
  EXPECT_EQ(parseTtl("30m"), std::chrono::seconds(1800));
  EXPECT_EQ(parseTtl("7d"), std::chrono::seconds(7 * 86400));
  EXPECT_FALSE(parseTtl("0h"));
  EXPECT_FALSE(parseTtl("12"));
  EXPECT_FALSE(parseTtl("h"));
  EXPECT_FALSE(parseTtl("1.5h"));
}

TEST(Permissions, TechnicalActionsAreForTechniciansAndAdminsInTheirRooms) {
  for (v1::Role role : {v1::ROLE_ATTENDEE, v1::ROLE_MODERATOR}) {
    const auto denied = authorize({role, {}}, StaffAction::kWatchHealth);
    ASSERT_TRUE(denied);
    EXPECT_EQ(denied->code, v1::ERROR_CODE_PERMISSION_DENIED);
    EXPECT_TRUE(authorize({role, {}}, StaffAction::kControlFeed, "main-forum"));
  }
  EXPECT_FALSE(authorize({v1::ROLE_TECHNICIAN, {}}, StaffAction::kControlFeed, "main-forum"));
  EXPECT_FALSE(authorize({v1::ROLE_ADMIN, {}}, StaffAction::kWatchHealth));
  const Principal scoped{v1::ROLE_TECHNICIAN, {"panel-1"}};
  EXPECT_FALSE(authorize(scoped, StaffAction::kControlFeed, "panel-1"));
  const auto outside = authorize(scoped, StaffAction::kControlFeed, "main-forum");
  ASSERT_TRUE(outside);
  EXPECT_NE(outside->message.find("main-forum"), std::string::npos);
}

TEST(Permissions, ATechnicianOfSomeRoomsSeesTheirAlertsAndTheEventWideOnes) {
  const Principal scoped{v1::ROLE_TECHNICIAN, {"panel-1"}};
  std::vector<v1::Alert> alerts(3);
  alerts[0].set_room_id("panel-1");
  alerts[1].set_room_id("main-forum");
  alerts[2].set_kind(v1::ALERT_KIND_STORAGE);  // no room: the whole event
  const auto visible = visibleAlerts(scoped, alerts);
  ASSERT_EQ(visible.size(), 2u);
  EXPECT_EQ(visible[0].room_id(), "panel-1");
  EXPECT_EQ(visible[1].kind(), v1::ALERT_KIND_STORAGE);
  v1::HealthReport report;
  for (const auto& a : alerts) *report.add_alerts() = a;
  EXPECT_EQ(visibleHealth(scoped, report).alerts_size(), 2);
}

}  // namespace
}  // namespace hallcast
