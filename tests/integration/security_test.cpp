// What a hostile web page or request can do to the real hub: pages of
// other sites may not open its WebSocket or read its API (cross-site
// WebSocket hijacking); one address cannot take every seat; the listener
// speaks TLS with the configured certificate; no path, however encoded, reaches a file outside
// the web client and the HLS output; the event's secrets (the signing
// secret, feed passwords, tokens) appear in no log, health report, metric,
// program or error.

#include <fstream>

#include "support/media_fixture.h"
#include "support/staff.h"

namespace hallcast::test {
namespace {

class SecurityTest : public MediaTest {
 protected:
  // A WebSocket opening handshake sent with curl, to read the hub's answer
  // to a refused one (status and reason), with `more` headers.
  HttpResult handshake(const std::vector<std::string>& more = {}) {
    std::vector<std::string> headers{"Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13",
                                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                                     "Sec-WebSocket-Protocol: hallcast.v1"};
    headers.insert(headers.end(), more.begin(), more.end());
    return httpRequest(hub().url("/ws"), "GET", "", headers);
  }
};

TEST_F(SecurityTest, PagesOfOtherSitesMayNotOpenTheWebSocketOrReadTheApi) {
  config_ = dir_.write("event.yaml", testEventYaml() + "access:\n  allowed_origins: [\"https://forum.example.org\"]\n");
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
  hub_->start();
  const auto connects = [&](const std::string& origin) {
    WsClient::Options options{hub().port()};
    options.origin = origin;
    WsClient client(options);
    return client.connect();
  };
  // Another site's page: refused at the handshake, 403 (RFC 6455 §4.2.2),
  // with the reason.
  EXPECT_FALSE(connects("https://evil.example"));
  const HttpResult refused_ws = handshake({"Origin: https://evil.example"});
  EXPECT_EQ(refused_ws.status, 403) << refused_ws.headers;
  EXPECT_NE(refused_ws.body.find("origin https://evil.example may not use this hub"), std::string::npos)
      << refused_ws.body;
  EXPECT_FALSE(connects("null")) << "a sandboxed frame or a file";
  EXPECT_FALSE(connects("http://127.0.0.1:1")) << "the hub's host on another port";
  // The hub's own pages, a listed site, and clients that are not browsers.
  EXPECT_TRUE(connects("http://127.0.0.1"));
  EXPECT_TRUE(connects("https://forum.example.org"));
  EXPECT_TRUE(connects(""));

  const std::string program = hub().url("/api/v1/program");
  const HttpResult refused = httpRequest(program, "GET", "", {"Origin: https://evil.example"});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("origin https://evil.example may not use this hub"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("\"rooms\""), std::string::npos) << "nothing of the program";
  EXPECT_EQ(httpRequest(program, "GET", "", {"Origin: https://forum.example.org"}).status, 200);
  EXPECT_EQ(httpRequest(program, "GET", "", {"Origin: http://127.0.0.1:" + std::to_string(hub().port())}).status, 200);
  EXPECT_EQ(httpRequest(program).status, 200);
  // Media stay embeddable anywhere.
  EXPECT_NE(httpRequest(hub().url("/live/main-forum/index.m3u8"), "GET", "", {"Origin: https://evil.example"}).status,
            403);
}

TEST_F(SecurityTest, OneAddressMayHoldSoManyConnectionsAndNoMore) {
  startHub("  connections_per_ip: 3\n");
  std::vector<std::unique_ptr<WsClient>> open;
  for (int i = 0; i < 3; ++i) open.push_back(greeted("Guest " + std::to_string(i)));
  WsClient fourth(hub().port());
  EXPECT_FALSE(fourth.connect()) << "a fourth from the same address";
  const HttpResult refused = handshake();
  EXPECT_EQ(refused.status, 429) << refused.headers;
  EXPECT_NE(refused.body.find("too many connections from your address (3; limits.connections_per_ip)"),
            std::string::npos)
      << refused.body;
  // Plain HTTP is not counted; a seat freed is a seat again.
  EXPECT_EQ(httpRequest(hub().url("/api/v1/program")).status, 200);
  open.pop_back();
  bool again = false;
  for (int i = 0; i < 50 && !again; ++i) {  // the hub sees the close a moment later
    WsClient client(hub().port());
    again = client.connect();
    if (!again) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(again);
  EXPECT_NE(httpRequest(hub().url("/metrics")).body.find("hallcast_refused_connections_total 2"), std::string::npos);
}

TEST_F(SecurityTest, RequestHeadersHaveALimitAndTheHubGoesOnPastIt) {
  startHub();
  // 6 KiB of headers fit (more than lws's default 4 KiB; more than a
  // browser sends to the hub).
  const HttpResult fits = httpRequest(hub().url("/healthz"), "GET", "", {"X-Padding: " + std::string(6 * 1024, 'a')});
  EXPECT_EQ(fits.status, 200);
  // 64 KiB do not: lws 4.1 drops such a connection without an answer.
  long status = 0;
  try {
    status = httpRequest(hub().url("/healthz"), "GET", "", {"X-Padding: " + std::string(64 * 1024, 'a')}).status;
  } catch (const std::exception&) {
    status = -1;  // the connection was closed
  }
  EXPECT_NE(status, 200);
  for (int i = 0; i < 20; ++i) {
    try {
      httpRequest(hub().url("/" + std::string(64 * 1024, 'b')));
    } catch (const std::exception&) {
    }
  }
  EXPECT_EQ(httpRequest(hub().url("/healthz")).status, 200) << "the hub goes on";
  auto client = greeted("After the big requests");
  EXPECT_TRUE(client->join("main-forum").has_ack());
}

TEST_F(SecurityTest, TheListenerSpeaksTlsWithTheConfiguredCertificate) {
  // A self-signed certificate for 127.0.0.1, made for this test.
  std::filesystem::create_directories(dir_.path() / "tls");
  const auto cert = dir_.path() / "tls" / "cert.pem";
  const auto key = dir_.path() / "tls" / "key.pem";
  const std::string made = run("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                               " -addext subjectAltName=IP:127.0.0.1 -keyout " + key.string() + " -out " +
                               cert.string());
  ASSERT_TRUE(std::filesystem::exists(cert)) << made;
  // And another, which vouches for nobody else.
  const auto stranger = dir_.path() / "tls" / "stranger.pem";
  run("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
      " -keyout " + (dir_.path() / "tls" / "stranger.key").string() + " -out " + stranger.string());
  ASSERT_TRUE(std::filesystem::exists(stranger));
  // Paths relative to the configuration file.
  config_ = dir_.write("event.yaml", testEventYaml() + "tls:\n  cert_file: tls/cert.pem\n  key_file: tls/key.pem\n");
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
  hub_->start();
  EXPECT_TRUE(hub().waitForLog("WebSocket: wss://"));
  const std::string origin = "https://127.0.0.1:" + std::to_string(hub().port());

  // curl checks the certificate and its name against the test's CA.
  const HttpResult health = httpsRequest(origin + "/healthz", cert.string());
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos) << health.body;
  EXPECT_ANY_THROW(httpsRequest(origin + "/healthz", stranger.string()))
      << "a certificate nobody vouches for is not trusted";
  EXPECT_ANY_THROW(httpRequest("http://127.0.0.1:" + std::to_string(hub().port()) + "/healthz"))
      << "plain HTTP is not served on a TLS port";

  // WSS, the protocol as usual.
  WsClient::Options options{hub().port()};
  options.tls_ca_file = cert.string();
  options.origin = origin;
  options.host = "127.0.0.1:" + std::to_string(hub().port());
  WsClient client(options);
  ASSERT_TRUE(client.connect()) << client.error();
  ASSERT_TRUE(client.hello("Over TLS").has_ack());
  ASSERT_TRUE(client.join("main-forum").has_ack());
  const v1::ServerEvent sent = client.chat("main-forum", "encrypted 🔒");
  EXPECT_TRUE(sent.has_ack()) << sent.DebugString();
  options.tls_ca_file = stranger.string();
  WsClient untrusting(options);
  EXPECT_FALSE(untrusting.connect()) << "the client checks the certificate too";
}

TEST(TlsConfig, ACertificateThatCannotBeReadStopsTheHubWithItsName) {
  TempDir dir;
  const auto config = dir.write("event.yaml", testEventYaml() + "tls:\n  cert_file: nowhere.pem\n  key_file: nowhere.key\n");
  const CommandResult r =
      runHallcast({"serve", "--config", config.string(), "--listen", "127.0.0.1:0", "--data", (dir.path() / "d").string()});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("tls.cert_file: cannot read " + (dir.path() / "nowhere.pem").string()), std::string::npos)
      << r.output;
  const auto half = dir.write("half.yaml", testEventYaml() + "tls:\n  cert_file: a.pem\n");
  const CommandResult check = runHallcast({"check-config", half.string()});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.output.find("tls.key_file: is required"), std::string::npos) << check.output;
}

TEST_F(SecurityTest, NoPathReachesAFileOutsideTheWebClientOrTheStreams) {
  // The hub keeps its signing secret in DATA/secret, beside DATA/live; the
  // configuration sits beside the web client's directory.
  const auto web = dir_.path() / "web";
  std::filesystem::create_directories(web);
  std::ofstream(web / "index.html") << "<!doctype html><title>hallcast</title>";
  config_ = dir_.write("event.yaml", mediaEventYaml());
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data", web);
  hub_->start();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.segments() >= 1; }, 30s));
  std::string secret;
  std::getline(std::ifstream(dir_.path() / "data" / "secret", std::ios::binary), secret, '\0');
  ASSERT_FALSE(secret.empty());

  const std::vector<std::string> paths = {
      "/live/../secret",
      "/live/main-forum/../../secret",
      "/live/..%2fsecret",
      "/live/..%2Fsecret",
      "/live/%2e%2e/secret",
      "/live/%2E%2E%2Fsecret",
      "/live/main-forum/%2e%2e%2f%2e%2e%2fsecret",
      "/live/%252e%252e/secret",
      "/live/..%5csecret",
      "/live/..\\secret",
      "/live/%2fetc%2fpasswd",
      "/live//etc/passwd",
      "/live/../../../../../../etc/passwd",
      "/live/main-forum/..%00/../secret",
      "/../event.yaml",
      "/%2e%2e/event.yaml",
      "/%2e%2e%2fevent.yaml",
      "/..%2f..%2f..%2fetc%2fpasswd",
      "/assets/../../event.yaml",
      "/api/v1/rooms/..%2f..%2fsecret/snapshot.jpg",
      "/api/v1/rooms/main-forum/../../../secret/snapshot.jpg",
  };
  for (const std::string& path : paths) {
    const HttpResult r = httpRequest(hub().url(path), "GET", "", {}, true);
    EXPECT_TRUE(r.status == 400 || r.status == 403 || r.status == 404 || r.status == 200) << path << ": " << r.status;
    EXPECT_EQ(r.body.find(secret), std::string::npos) << path << " served the signing secret";
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path << " served /etc/passwd";
    EXPECT_EQ(r.body.find("event:"), std::string::npos) << path << " served the configuration";
    if (r.status == 200) {
      // Only an app page (index.html for a path without an extension) may answer.
      EXPECT_EQ(r.body, "<!doctype html><title>hallcast</title>") << path;
    }
  }
  // The hub answers as before.
  EXPECT_EQ(httpRequest(hub().url("/live/main-forum/index.m3u8")).status, 200);
}

TEST_F(SecurityTest, SecretsAppearInNoLogHealthMetricProgramOrError) {
  const std::string password = "Pa55-w0rd-in-the-uri";
  const std::string passphrase = "srt-passphrase-0123456789";
  const int srt_port = freeUdpPort();
  config_ = dir_.write(
      "event.yaml",
      mediaEventYaml("      uri: rtsp://camera:" + password + "@127.0.0.1:" + std::to_string(freeTcpPort()) + "/cam\n" +
                         "      backup: \"srt://:" + std::to_string(srt_port) + "?mode=listener&passphrase=" +
                         passphrase + "\"\n") +
          accessYaml());
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
  hub_->start();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.reconnects() >= 1; }, 30s));

  // A technician signs in and acts; someone tries a forged and a mangled token.
  const std::string token = mintToken(config_.string(), "technician", "Wang Fang");
  auto tech = watchingTechnician(hub().port(), config_.string());
  std::string refusals;
  for (const std::string bad : {token + "x", token.substr(0, token.size() / 2), std::string("not.a.token")}) {
    WsClient client(hub().port());
    ASSERT_TRUE(client.connect());
    v1::ClientMessage hello;
    hello.mutable_hello()->set_token(bad);
    const v1::ServerEvent e = client.request(hello);
    ASSERT_TRUE(e.has_error()) << e.DebugString();
    EXPECT_EQ(e.error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
    refusals += e.error().message() + "\n";
  }
  refusals += httpRequest(hub().url("/api/v1/audit"), "GET", token + "x").body;
  std::this_thread::sleep_for(1500ms);  // a health report or two more

  const std::vector<std::pair<std::string, std::string>> seen = {
      {"log", hub().log()},
      {"health", httpRequest(hub().url("/api/v1/health")).body},
      {"metrics", httpRequest(hub().url("/metrics")).body},
      {"program", httpRequest(hub().url("/api/v1/program")).body},
      {"errors", refusals},
      {"health stream", tech->next(3s).value_or(v1::ServerEvent{}).DebugString()},
  };
  const std::string signature = token.substr(token.rfind('.') + 1);
  for (const auto& [where, text] : seen) {
    EXPECT_EQ(text.find(password), std::string::npos) << "the feed's password in the " << where;
    EXPECT_EQ(text.find(passphrase), std::string::npos) << "the SRT passphrase in the " << where;
    EXPECT_EQ(text.find(kTestSecret), std::string::npos) << "the signing secret in the " << where;
    EXPECT_EQ(text.find(signature), std::string::npos) << "a token in the " << where;
  }
  // Still useful: the log says which feed failed, without its credentials.
  EXPECT_NE(hub().log().find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace hallcast::test
