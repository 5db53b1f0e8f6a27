// The HTTP side of a running hub, through libcurl.

#include <google/protobuf/util/json_util.h>

#include "hallcast/v1/program.pb.h"
#include "support/http_client.h"
#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

class HttpTest : public HubTest {
 protected:
  void SetUp() override { startHub(); }
};

TEST_F(HttpTest, HealthzAnswersOkAsJson) {
  const HttpResult r = httpRequest(hub().url("/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  v1::Health health;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &health).ok()) << r.body;
  EXPECT_EQ(health.status(), "ok");
  EXPECT_EQ(health.rooms(), 3u);
}

TEST_F(HttpTest, ProgramListsTheRoomsInProtobufJson) {
  const HttpResult r = httpRequest(hub().url("/api/v1/program"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  v1::Program program;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &program).ok()) << r.body;
  EXPECT_EQ(program.event().id(), "test-event");
  EXPECT_EQ(program.event().title().zh(), "测试");
  ASSERT_EQ(program.rooms_size(), 3);
  const v1::Room& main = program.rooms(0);
  EXPECT_EQ(main.id(), "main-forum");
  EXPECT_EQ(main.kind(), v1::ROOM_KIND_MAIN);
  EXPECT_EQ(main.schedule().start().seconds(), 1796691600);  // 09:00 in Shanghai
  EXPECT_EQ(main.schedule().time_zone(), "Asia/Shanghai");
  EXPECT_NE(main.status(), v1::ROOM_STATUS_UNSPECIFIED);
  // JSON mapping: lowerCamelCase names, enum names, RFC 3339 times, zero counts present.
  EXPECT_NE(r.body.find("\"kind\":\"ROOM_KIND_MAIN\""), std::string::npos);
  EXPECT_NE(r.body.find("\"start\":\"2026-12-08T01:00:00Z\""), std::string::npos);
  EXPECT_NE(r.body.find("\"viewers\":0"), std::string::npos);
  EXPECT_FALSE(main.press_only_questions());
  EXPECT_TRUE(program.rooms(2).press_only_questions()) << "the press conference takes questions from press only";
  EXPECT_NE(r.body.find("\"pressOnlyQuestions\":true"), std::string::npos);
}

TEST_F(HttpTest, ProgramCountsViewers) {
  auto client = greeted("Viewer");
  ASSERT_TRUE(client->join("panel-a").has_ack());
  v1::Program program;
  const HttpResult r = httpRequest(hub().url("/api/v1/program"));
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &program).ok());
  EXPECT_EQ(program.rooms(0).viewers(), 0u);
  EXPECT_EQ(program.rooms(1).viewers(), 1u);
}

TEST_F(HttpTest, MetricsUseThePrometheusTextFormat) {
  auto client = greeted("Viewer");
  client->join("main-forum");
  const HttpResult r = httpRequest(hub().url("/metrics"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("# TYPE hallcast_connections gauge\nhallcast_connections 1\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("hallcast_room_viewers{room=\"main-forum\"} 1\n"), std::string::npos);
  EXPECT_NE(r.body.find("hallcast_build_info{version=\""), std::string::npos);
  EXPECT_NE(r.body.find("# TYPE hallcast_ws_messages_received_total counter"), std::string::npos);
  EXPECT_NE(r.body.find("hallcast_uptime_seconds "), std::string::npos);
}

TEST_F(HttpTest, UnknownPathsAre404AndOtherMethods405) {
  const HttpResult missing = httpRequest(hub().url("/no/such/page"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.content_type, "application/json");
  EXPECT_NE(missing.body.find("not found: /no/such/page"), std::string::npos);
  EXPECT_EQ(httpRequest(hub().url("/api/v2/program")).status, 404);
  // A path that is not UTF-8 once decoded is quoted back as UTF-8 (found by
  // http_route_fuzzer: the JSON body was empty).
  const HttpResult odd = httpRequest(hub().url("/no/%FF/page"));
  EXPECT_EQ(odd.status, 404);
  EXPECT_NE(odd.body.find("not found: /no/\xEF\xBF\xBD/page"), std::string::npos) << odd.body;
  const HttpResult post = httpRequest(hub().url("/api/v1/program"), "DELETE");
  EXPECT_EQ(post.status, 405);
  EXPECT_NE(post.headers.find("allow: GET, HEAD"), std::string::npos) << post.headers;
}

TEST_F(HttpTest, HeadAnswersWithoutABody) {
  const HttpResult r = httpRequest(hub().url("/healthz"), "HEAD");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_NE(r.headers.find("content-length: "), std::string::npos);
}

TEST_F(HttpTest, RootExplainsTheHubUntilTheWebClientIsBuilt) {
  const HttpResult r = httpRequest(hub().url("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("/api/v1/program"), std::string::npos);
}

}  // namespace
}  // namespace hallcast::test

namespace hallcast::test {
namespace {

// A built web client in DIR/dist: index.html and assets/app.js.
std::filesystem::path writeWebClient(TempDir& dir) {
  std::filesystem::create_directories(dir.path() / "dist" / "assets");
  dir.write("dist/index.html", "<!doctype html><title>hallcast</title>");
  dir.write("dist/assets/app.js", "console.log('hi')");
  return dir.path() / "dist";
}

TEST(StaticFiles, TheWebClientIsServedWithItsContentTypes) {
  TempDir dir;
  const auto dist = writeWebClient(dir);
  dir.write("dist/assets/app.css", "body{}");
  dir.write("secret.txt", "outside the web root");
  HubProcess hub(dir.write("event.yaml", testEventYaml()), dir.path() / "data", dist);
  hub.start();

  const HttpResult index = httpRequest(hub.url("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.body, "<!doctype html><title>hallcast</title>");
  const HttpResult js = httpRequest(hub.url("/assets/app.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log('hi')");
  EXPECT_EQ(httpRequest(hub.url("/assets/app.css")).content_type, "text/css; charset=utf-8");
  EXPECT_EQ(httpRequest(hub.url("/assets/missing.js")).status, 404);
  EXPECT_EQ(httpRequest(hub.url("/../secret.txt")).status, 404);
  EXPECT_EQ(httpRequest(hub.url("/%2e%2e/secret.txt")).status, 404);
  // The API still wins over files.
  EXPECT_EQ(httpRequest(hub.url("/healthz")).status, 200);
}

TEST(StaticFiles, AppPagesGetIndexHtmlWithAContentSecurityPolicy) {
  TempDir dir;
  const auto dist = writeWebClient(dir);
  HubProcess hub(dir.write("event.yaml", testEventYaml()), dir.path() / "data", dist);
  hub.start();

  for (const char* page : {"/", "/room/main-forum", "/room/main-forum/", "/moderator"}) {
    const HttpResult r = httpRequest(hub.url(page));
    EXPECT_EQ(r.status, 200) << page;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << page;
    EXPECT_EQ(r.body, "<!doctype html><title>hallcast</title>") << page;
    EXPECT_NE(r.headers.find("content-security-policy: default-src 'self'; script-src 'self';"), std::string::npos)
        << page << "\n" << r.headers;
    EXPECT_NE(r.headers.find("media-src 'self' blob:;"), std::string::npos) << r.headers;
    EXPECT_NE(r.headers.find("connect-src 'self' ws: wss:;"), std::string::npos) << r.headers;
    EXPECT_NE(r.headers.find("worker-src 'self' blob:;"), std::string::npos) << r.headers;
    EXPECT_EQ(r.headers.find("unsafe-inline"), std::string::npos) << r.headers;
  }
  // Files keep their 404 (a missing script must not turn into a page), and
  // the API and live streams keep theirs.
  EXPECT_EQ(httpRequest(hub.url("/assets/missing.js")).status, 404);
  EXPECT_EQ(httpRequest(hub.url("/favicon.ico")).status, 404);
  EXPECT_EQ(httpRequest(hub.url("/api/v1/nothing")).status, 404);
  EXPECT_EQ(httpRequest(hub.url("/live/main-forum/missing")).status, 404);
  // Only HTML carries the policy.
  const HttpResult js = httpRequest(hub.url("/assets/app.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.headers.find("content-security-policy"), std::string::npos) << js.headers;
}

}  // namespace
}  // namespace hallcast::test
