// Ten thousand connections come and go — each says Hello, joins a room,
// chats now and then and leaves — and the hub keeps no trace of them: its
// memory (RSS) after the last is where it was after the first thousand,
// no session or viewer is left behind, and it still answers.

#include <google/protobuf/util/json_util.h>

#include "hallcast/v1/program.pb.h"
#include "support/http_client.h"
#include "support/hub_fixture.h"
#include "support/process_stats.h"

namespace hallcast::test {
namespace {

class ChurnTest : public HubTest {
 protected:
  // `n` connections one after another: connect, Hello, join, a chat every
  // tenth, close.
  void cycle(int n, int& chats) {
    for (int i = 0; i < n; ++i) {
      WsClient client(hub().port());
      ASSERT_TRUE(client.connect()) << i << ": " << client.error();
      ASSERT_TRUE(client.hello("Visitor").has_ack());
      ASSERT_TRUE(client.join(i % 2 ? "main-forum" : "panel-a").has_ack());
      if (i % 10 == 0) {
        const v1::ServerEvent sent = client.chat(i % 2 ? "main-forum" : "panel-a", "hello " + std::to_string(chats++));
        ASSERT_TRUE(sent.has_ack()) << sent.DebugString();
      }
    }
  }
};

TEST_F(ChurnTest, TenThousandConnectionsComeAndGoAndLeaveNoTrace) {
  startHub("  requests_per_second: 1000\n  request_burst: 1000\n");
  int chats = 0;
  cycle(1000, chats);
  const uint64_t warm = residentBytes(hub().pid());
  ASSERT_GT(warm, 0u);
  cycle(9000, chats);
  // The last closes reach the hub a moment after the clients are gone.
  std::string health;
  for (int i = 0; i < 50; ++i) {
    health = httpRequest(hub().url("/healthz")).body;
    if (health.find("\"connections\":0") != std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_NE(health.find("\"connections\":0"), std::string::npos) << "a session was left behind: " << health;
  v1::Program program;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(httpRequest(hub().url("/api/v1/program")).body, &program).ok());
  for (const v1::Room& room : program.rooms()) EXPECT_EQ(room.viewers(), 0u) << "a viewer left behind in " << room.id();
  const uint64_t after = residentBytes(hub().pid());
  const double growth_kib = (static_cast<double>(after) - static_cast<double>(warm)) / 1024;
  std::cerr << "[ churn ] RSS " << warm / 1024 << " KiB after 1,000 connections, " << after / 1024
            << " KiB after 10,000 (" << growth_kib << " KiB)\n";
  RecordProperty("rss_growth_kib", static_cast<int>(growth_kib));
  // 4 MiB over 9,000 connections: a leak of 470 bytes a connection shows.
  // (Under ASan its quarantine holds freed memory; LeakSanitizer checks the
  // hub at exit instead.)
  if (!kSanitizedBuild) EXPECT_LT(growth_kib, 4096) << "memory grows with connections that are gone";
  auto last = greeted("Last");
  EXPECT_TRUE(last->join("main-forum").has_ack());
}

}  // namespace
}  // namespace hallcast::test
