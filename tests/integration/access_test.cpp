// Staff access over the real protocol: tokens minted by `hallcast token`,
// checked in Hello, and the permission matrix of the technicians'
// operations.

#include "support/hub_fixture.h"
#include "support/staff.h"

namespace hallcast::test {
namespace {

class AccessTest : public HubTest {
 protected:
  void SetUp() override {
    config_ = dir_.write("event.yaml", testEventYaml() + accessYaml());
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
    hub_->start();
  }

  std::unique_ptr<WsClient> withToken(const std::string& token, v1::ServerEvent* answer) {
    auto client = std::make_unique<WsClient>(hub_->port());
    EXPECT_TRUE(client->connect()) << client->error();
    v1::ClientMessage hello;
    hello.mutable_hello()->set_token(token);
    *answer = client->request(hello);
    return client;
  }

};

TEST_F(AccessTest, ATechnicianTokenGivesTheRoleAndName) {
  const std::string token = mintToken(config_.string(), "technician", "Wang Fang");
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << "a JWT: " << token;
  v1::ServerEvent welcome;
  auto tech = withToken(token, &welcome);
  ASSERT_TRUE(welcome.has_ack() && welcome.ack().has_welcome()) << welcome.DebugString();
  EXPECT_EQ(welcome.ack().welcome().user().role(), v1::ROLE_TECHNICIAN);
  EXPECT_EQ(welcome.ack().welcome().user().display_name(), "Wang Fang");
  EXPECT_EQ(hub().log().find(token.substr(token.rfind('.'))), std::string::npos) << "the token was logged";
  EXPECT_EQ(hub().log().find(kTestSecret), std::string::npos) << "the secret was logged";
}

TEST_F(AccessTest, TokensWithTheSameSubjectAreTheSamePerson) {
  const auto userOf = [&](const std::vector<std::string>& extra) {
    v1::ServerEvent welcome;
    auto client = withToken(mintToken(config_.string(), "moderator", "Li Wei", extra), &welcome);
    return welcome.ack().welcome().user().user_id();
  };
  EXPECT_EQ(userOf({"--subject", "li.wei"}), "staff:li.wei");
  EXPECT_EQ(userOf({"--subject", "li.wei", "--ttl", "1h"}), "staff:li.wei");
  EXPECT_NE(userOf({}), userOf({})) << "without --subject, each token is a new person";
}

TEST_F(AccessTest, BadTokensAreUnauthenticatedWithAReason) {
  const std::string token = mintToken(config_.string(), "admin", "Li Wei");
  std::string tampered = token;
  tampered[tampered.find('.') + 3] ^= 1;
  for (const std::string& bad : {tampered, std::string("garbage"), token + "x"}) {
    v1::ServerEvent answer;
    auto client = withToken(bad, &answer);
    ASSERT_TRUE(answer.has_error()) << answer.DebugString();
    EXPECT_EQ(answer.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
    EXPECT_FALSE(answer.error().message().empty());
  }
  // A token from an event with another secret.
  TempDir other;
  const auto other_config = other.write("event.yaml", testEventYaml() + "access:\n  secret: " +
                                                          std::string(40, 'z') + "\n");
  v1::ServerEvent answer;
  auto client = withToken(mintToken(other_config.string(), "admin", "Mallory"), &answer);
  ASSERT_TRUE(answer.has_error());
  EXPECT_EQ(answer.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
}

TEST_F(AccessTest, TechnicalOperationsAreRefusedToOthersAndOutsideTheTokensRooms) {
  auto attendee = greeted("Zhang San");
  v1::ClientMessage watch;
  watch.mutable_watch_health();
  v1::ServerEvent r = attendee->request(watch);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CODE_PERMISSION_DENIED);
  r = controlFeed(*attendee, "main-forum", v1::FEED_ACTION_RESTART);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CODE_PERMISSION_DENIED);

  v1::ServerEvent welcome;
  auto moderator = withToken(mintToken(config_.string(), "moderator", "Chen Jing"), &welcome);
  r = moderator->request(watch);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CODE_PERMISSION_DENIED);

  auto scoped = withToken(mintToken(config_.string(), "technician", "Zhao Lei", {"--rooms", "panel-a"}), &welcome);
  ASSERT_TRUE(welcome.has_ack()) << welcome.DebugString();
  r = controlFeed(*scoped, "main-forum", v1::FEED_ACTION_FORCE_STANDBY);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_NE(r.error().message().find("main-forum"), std::string::npos);
  // In its own room it gets past the permission check: this hub has no media.
  r = controlFeed(*scoped, "panel-a", v1::FEED_ACTION_FORCE_STANDBY);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CODE_FAILED_PRECONDITION);
  r = controlFeed(*scoped, "no-such-room", v1::FEED_ACTION_RESTART);
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code(), v1::ERROR_CODE_NOT_FOUND);
}

TEST(TokenCommand, RefusesBadRolesRoomsLifetimesAndAMissingSecret) {
  TempDir dir;
  const auto with_secret = dir.write("event.yaml", testEventYaml() + accessYaml());
  const auto without = dir.write("bare.yaml", testEventYaml());
  const auto expect_refused = [](const std::vector<std::string>& args, const std::string& says) {
    const CommandResult r = runHallcast(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(says), std::string::npos) << r.output;
  };
  const std::string c = with_secret.string();
  expect_refused({"token", "--config", c, "--role", "attendee", "--name", "X"}, "--role must be");
  expect_refused({"token", "--config", c, "--role", "admin", "--name", "X", "--rooms", "nowhere"},
                 "no room \"nowhere\"");
  expect_refused({"token", "--config", c, "--role", "admin", "--name", "X", "--ttl", "forever"}, "--ttl");
  const std::string no_data = (dir.path() / "no-data").string();
  expect_refused({"token", "--config", without.string(), "--data", no_data, "--role", "admin", "--name", "X"},
                 "no secret");
  expect_refused({"token", "--config", c, "--role", "admin", "--name", "X", "--subject", "has space"}, "--subject");
  expect_refused({"token", "--config", c, "--role", "press", "--name", "X"}, "--outlet is required");
  expect_refused({"token", "--config", c, "--role", "moderator", "--name", "X", "--outlet", "CGTN"}, "--outlet is for");
  const auto short_secret = dir.write("weak.yaml", testEventYaml() + "access:\n  secret: tiny-secret\n");
  const CommandResult r = runHallcast({"check-config", short_secret.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("access.secret: must be at least 32 bytes"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("tiny-secret"), std::string::npos) << "the secret is never quoted";
}

// An event with no secret of its own: the hub makes DATA/secret, and
// `hallcast token --data DATA` mints tokens the running hub accepts.
TEST(TokenCommand, MintsWithTheHubsOwnSecretWhenTheEventHasNone) {
  TempDir dir;
  const auto config = dir.write("event.yaml", testEventYaml());
  const auto data = dir.path() / "data";
  HubProcess hub(config, data);
  hub.start();
  const std::string token =
      mintToken(config.string(), "moderator", "Li Wei", {"--data", data.string(), "--subject", "li.wei"});
  WsClient client(hub.port());
  ASSERT_TRUE(client.connect()) << client.error();
  v1::ClientMessage hello;
  hello.mutable_hello()->set_token(token);
  const v1::ServerEvent welcome = client.request(hello);
  ASSERT_TRUE(welcome.has_ack() && welcome.ack().has_welcome()) << welcome.DebugString();
  EXPECT_EQ(welcome.ack().welcome().user().role(), v1::ROLE_MODERATOR);
  EXPECT_EQ(welcome.ack().welcome().user().user_id(), "staff:li.wei");

  // Another hub's data directory has another secret: its tokens are refused here.
  TempDir elsewhere;
  HubProcess other(config, elsewhere.path() / "data");
  other.start();
  const std::string foreign = mintToken(config.string(), "admin", "Mallory", {"--data", (elsewhere.path() / "data").string()});
  WsClient mallory(hub.port());
  ASSERT_TRUE(mallory.connect()) << mallory.error();
  hello.mutable_hello()->set_token(foreign);
  const v1::ServerEvent refused = mallory.request(hello);
  ASSERT_TRUE(refused.has_error()) << refused.DebugString();
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
}

}  // namespace
}  // namespace hallcast::test
