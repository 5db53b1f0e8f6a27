// Guest identities over the real protocol: a Welcome gives a guest a resume
// token, and a later Hello with it keeps the same user_id, across
// reconnects and restarts of the hub.

#include <sys/stat.h>

#include "support/hub_fixture.h"
#include "support/staff.h"

namespace hallcast::test {
namespace {

v1::ServerEvent helloWith(WsClient& client, const std::string& name, const std::string& resume_token,
                          const std::string& staff_token = "") {
  v1::ClientMessage m;
  m.mutable_hello()->set_display_name(name);
  m.mutable_hello()->set_resume_token(resume_token);
  m.mutable_hello()->set_token(staff_token);
  return client.request(m);
}

class GuestTest : public HubTest {
 protected:
  // A new connection's answer to Hello.
  v1::ServerEvent connectAs(const std::string& name, const std::string& resume_token,
                            const std::string& staff_token = "") {
    WsClient client(hub().port());
    EXPECT_TRUE(client.connect()) << client.error();
    return helloWith(client, name, resume_token, staff_token);
  }

  static const v1::Welcome& welcomeOf(const v1::ServerEvent& e) {
    EXPECT_TRUE(e.has_ack() && e.ack().has_welcome()) << e.DebugString();
    return e.ack().welcome();
  }
};

TEST_F(GuestTest, AResumeTokenKeepsTheGuestAcrossReconnectsAndRestarts) {
  startHub();
  const v1::ServerEvent first = connectAs("Zhang San", "");
  const v1::Welcome& welcome = welcomeOf(first);
  const std::string user_id = welcome.user().user_id();
  ASSERT_FALSE(welcome.resume_token().empty());
  EXPECT_EQ(std::count(welcome.resume_token().begin(), welcome.resume_token().end(), '.'), 2) << "a JWT";

  // Reconnect with no name: the token's name is kept.
  const v1::ServerEvent again = connectAs("", welcome.resume_token());
  EXPECT_EQ(welcomeOf(again).user().user_id(), user_id);
  EXPECT_EQ(welcomeOf(again).user().display_name(), "Zhang San");
  EXPECT_EQ(welcomeOf(again).user().role(), v1::ROLE_ATTENDEE);
  EXPECT_FALSE(welcomeOf(again).resume_token().empty());

  // The hub restarts on the same data directory; the guest, under a new name.
  EXPECT_EQ(hub().terminate(), 0);
  hub().start();
  const v1::ServerEvent after = connectAs("  Zhang San (phone)  ", welcomeOf(again).resume_token());
  EXPECT_EQ(welcomeOf(after).user().user_id(), user_id);
  EXPECT_EQ(welcomeOf(after).user().display_name(), "Zhang San (phone)");
  // Its token now carries the new name.
  EXPECT_EQ(welcomeOf(connectAs("", welcomeOf(after).resume_token())).user().display_name(), "Zhang San (phone)");

  // Without a token: another guest.
  EXPECT_NE(welcomeOf(connectAs("Zhang San", "")).user().user_id(), user_id);

  const auto secret_file = dir_.path() / "data" / "secret";
  struct stat st {};
  ASSERT_EQ(stat(secret_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(secret_file);
  std::string secret;
  std::getline(in, secret);
  EXPECT_EQ(hub().log().find(secret), std::string::npos) << "the secret was logged";
}

TEST_F(GuestTest, ABadResumeTokenIsUnauthenticatedAndHelloMayBeRetried) {
  startHub();
  std::string token = welcomeOf(connectAs("Li Si", "")).resume_token();
  token[token.find('.') + 3] ^= 1;
  WsClient client(hub().port());
  ASSERT_TRUE(client.connect()) << client.error();
  for (const std::string& bad : {token, std::string("garbage")}) {
    const v1::ServerEvent refused = helloWith(client, "Li Si", bad);
    ASSERT_TRUE(refused.has_error()) << refused.DebugString();
    EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
    EXPECT_NE(refused.error().message().find("resume token is not valid"), std::string::npos)
        << refused.error().message();
  }
  // Not greeted yet: other requests are still refused, and Hello without the token works.
  EXPECT_EQ(client.join("main-forum").error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
  const v1::ServerEvent fresh = helloWith(client, "Li Si", "");
  EXPECT_FALSE(welcomeOf(fresh).resume_token().empty());
}

TEST_F(GuestTest, StaffAndGuestTokensAreNotInterchangeable) {
  config_ = dir_.write("event.yaml", testEventYaml() + accessYaml());
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
  hub_->start();
  const std::string staff_token = mintToken(config_.string(), "admin", "Li Wei");
  const v1::ServerEvent admin = connectAs("", "", staff_token);
  EXPECT_EQ(welcomeOf(admin).user().role(), v1::ROLE_ADMIN);
  EXPECT_TRUE(welcomeOf(admin).resume_token().empty()) << "staff get no resume token";

  const v1::ServerEvent as_resume = connectAs("Mallory", staff_token);
  ASSERT_TRUE(as_resume.has_error()) << as_resume.DebugString();
  EXPECT_EQ(as_resume.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
  EXPECT_NE(as_resume.error().message().find("not a guest resume token"), std::string::npos);

  const std::string guest_token = welcomeOf(connectAs("Wang Wu", "")).resume_token();
  const v1::ServerEvent as_staff = connectAs("", "", guest_token);
  ASSERT_TRUE(as_staff.has_error()) << as_staff.DebugString();
  EXPECT_EQ(as_staff.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
  EXPECT_NE(as_staff.error().message().find("not a staff access token"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "data" / "secret")) << "the event's secret signs them";
}

}  // namespace
}  // namespace hallcast::test
