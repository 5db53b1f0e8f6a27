// The themed exhibition's booths over the real protocol and HTTP: each booth
// is a room of its own in the program (under its exhibition room, with its
// description and logo), its chat is moderated by the exhibitor's staff —
// and by nobody else of theirs — and exhibitor tokens name one booth.

#include <google/protobuf/util/json_util.h>

#include "hallcast/v1/program.pb.h"
#include "support/http_client.h"
#include "support/interaction.h"

namespace hallcast::test {
namespace {

const char* kEvent = R"(event:
  id: expo
  title: {en: Expo, zh: 展览}
  time_zone: Asia/Shanghai
rooms:
  - id: main-forum
    kind: main
    title: {en: Main Forum, zh: 主论坛}
    schedule: {start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T12:00:00+08:00"}
  - id: expo-hall
    kind: exhibition
    title: {en: Life Science Valley, zh: 生命科学谷}
    schedule: {start: "2026-12-08T09:00:00+08:00", end: "2026-12-09T17:00:00+08:00"}
    booths:
      - id: booth-genomics
        name: {en: Genomics Pavilion, zh: 基因组学展区}
        description: {en: Sequencing platforms, zh: 测序平台}
        logo: logo.svg
      - id: booth-devices
        name: {en: Devices, zh: 器械}
media:
  enabled: false
)";

const char* kLogo = R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>)";

bool isChat(const v1::ServerEvent& e, const std::string& text) {
  return e.has_room_event() && e.room_event().has_chat() && e.room_event().chat().text() == text;
}

class BoothTest : public InteractionTest {
 protected:
  void SetUp() override {
    dir_.write("logo.svg", kLogo);
    startHubWith(kEvent);
  }
};

TEST_F(BoothTest, TheProgramListsBoothsUnderTheirExhibitionWithTheirLogo) {
  const HttpResult r = httpRequest(hub().url("/api/v1/program"));
  ASSERT_EQ(r.status, 200);
  v1::Program program;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &program).ok()) << r.body;
  ASSERT_EQ(program.rooms_size(), 4);
  const v1::Room& booth = program.rooms(2);
  EXPECT_EQ(booth.id(), "booth-genomics");
  EXPECT_EQ(booth.kind(), v1::ROOM_KIND_BOOTH);
  EXPECT_EQ(booth.parent_room_id(), "expo-hall");
  EXPECT_EQ(booth.title().zh(), "基因组学展区");
  EXPECT_EQ(booth.description().en(), "Sequencing platforms");
  EXPECT_EQ(booth.schedule().start().seconds(), program.rooms(1).schedule().start().seconds()) << "the exhibition's hours";
  EXPECT_EQ(booth.logo(), "/api/v1/rooms/booth-genomics/logo");
  EXPECT_EQ(program.rooms(3).logo(), "") << "a booth without a logo";

  const HttpResult logo = httpRequest(hub().url(booth.logo()));
  EXPECT_EQ(logo.status, 200);
  EXPECT_EQ(logo.content_type, "image/svg+xml");
  EXPECT_EQ(logo.body, kLogo);
  EXPECT_EQ(httpRequest(hub().url("/api/v1/rooms/booth-devices/logo")).status, 404);
  EXPECT_EQ(httpRequest(hub().url("/api/v1/rooms/main-forum/logo")).status, 404) << "not a booth";
}

TEST_F(BoothTest, ExhibitorsModerateTheirOwnBoothsChatOnly) {
  auto visitor = std::make_unique<WsClient>(hub().port());
  ASSERT_TRUE(visitor->connect());
  const std::string visitor_id = visitor->hello("Visitor").ack().welcome().user().user_id();
  ASSERT_TRUE(visitor->join("booth-genomics").has_ack());
  ASSERT_TRUE(visitor->join("main-forum").has_ack());
  auto exhibitor = std::make_unique<WsClient>(hub().port());
  ASSERT_TRUE(exhibitor->connect());
  v1::ClientMessage hello;
  hello.mutable_hello()->set_token(mintToken(config_.string(), "exhibitor", "Zhang Wei", {"--booth", "booth-genomics"}));
  const v1::ServerEvent welcome = exhibitor->request(hello);
  ASSERT_TRUE(welcome.has_ack()) << welcome.DebugString();
  EXPECT_EQ(welcome.ack().welcome().user().role(), v1::ROLE_EXHIBITOR);
  ASSERT_EQ(welcome.ack().welcome().rooms_size(), 1) << "the console learns which booth is theirs";
  EXPECT_EQ(welcome.ack().welcome().rooms(0), "booth-genomics");
  ASSERT_TRUE(exhibitor->join("booth-genomics").has_ack());
  ASSERT_TRUE(exhibitor->request(chatRequest("booth-genomics", "Welcome! Ask us anything.")).has_ack());
  const auto answer = visitor->waitFor([](const v1::ServerEvent& e) { return isChat(e, "Welcome! Ask us anything."); });
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->room_event().chat().author().role(), v1::ROLE_EXHIBITOR);
  EXPECT_EQ(answer->room_event().chat().author().display_name(), "Zhang Wei");

  // Spam in the booth: the exhibitor deletes it and mutes its author there.
  const uint64_t spam = visitor->request(chatRequest("booth-genomics", "cheap invoices here")).ack().chat_accepted().seq();
  ASSERT_GT(spam, 0u);
  appliedSeq(exhibitor->request(deleteChatRequest("booth-genomics", spam)));
  appliedSeq(exhibitor->request(sanctionRequest(v1::SANCTION_KIND_MUTE, visitor_id, "booth-genomics", 600)));
  EXPECT_EQ(errorCode(visitor->request(chatRequest("booth-genomics", "again"))), v1::ERROR_CODE_PERMISSION_DENIED);

  // Nothing else is theirs: another booth, a room, event-wide sanctions.
  ASSERT_TRUE(exhibitor->join("booth-devices").has_ack());
  const uint64_t other = visitor->request(chatRequest("main-forum", "hello")).ack().chat_accepted().seq();
  EXPECT_EQ(errorCode(exhibitor->request(deleteChatRequest("main-forum", other))), v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_EQ(errorCode(exhibitor->request(pinChatRequest("booth-devices", 0))), v1::ERROR_CODE_PERMISSION_DENIED);
  EXPECT_EQ(errorCode(exhibitor->request(sanctionRequest(v1::SANCTION_KIND_BAN, visitor_id, ""))),
            v1::ERROR_CODE_PERMISSION_DENIED);
  v1::ClientMessage watch;
  watch.mutable_watch_health();
  EXPECT_EQ(errorCode(exhibitor->request(watch)), v1::ERROR_CODE_PERMISSION_DENIED);
}

TEST_F(BoothTest, AnExhibitorTokenNamesOneBoothOfTheEvent) {
  const std::string c = config_.string();
  auto refused = [&](std::vector<std::string> args, const std::string& says) {
    std::vector<std::string> all{"token", "--config", c, "--name", "X"};
    all.insert(all.end(), args.begin(), args.end());
    const CommandResult r = runHallcast(all);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(says), std::string::npos) << r.output;
  };
  refused({"--role", "exhibitor"}, "--booth is required");
  refused({"--role", "exhibitor", "--booth", "main-forum"}, "no booth \"main-forum\"");
  refused({"--role", "exhibitor", "--booth", "booth-genomics", "--rooms", "main-forum"}, "--rooms is not for");
  refused({"--role", "moderator", "--booth", "booth-genomics"}, "--booth is for --role exhibitor only");
}

}  // namespace
}  // namespace hallcast::test
