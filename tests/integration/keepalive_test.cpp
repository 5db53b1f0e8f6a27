// The hub pings a silent WebSocket and drops one that no longer answers
// (limits.ping_interval_seconds): a dead link does not hold a seat forever,
// and a quiet but live client is never dropped.
#include <thread>

#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

class KeepAliveTest : public HubTest {
 protected:
  void SetUp() override { startHub("  ping_interval_seconds: 1\n"); }
};

TEST_F(KeepAliveTest, AQuietClientThatAnswersPingsStays) {
  auto quiet = greeted("Quiet");
  quiet->join("main-forum");
  // Three ping intervals without a word: lws answers the hub's pings.
  std::this_thread::sleep_for(3500ms);
  const v1::ServerEvent answer = quiet->chat("main-forum", "still here");
  EXPECT_TRUE(answer.has_ack()) << answer.DebugString();
  EXPECT_EQ(hub().log().find("not even a pong"), std::string::npos) << hub().log();
}

TEST_F(KeepAliveTest, AClientThatStopsAnsweringIsDropped) {
  auto gone = greeted("Gone");
  gone->join("main-forum");
  gone->pauseReading(true);  // pings stay unread: no pong comes back
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while (hub().log().find("not even a pong") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_NE(hub().log().find("not even a pong: dropping it"), std::string::npos) << hub().log();
  gone->pauseReading(false);
  gone->waitClosed(5s);
  // The seat is free: the room counts no viewer.
  auto watcher = greeted("Watcher");
  const v1::ServerEvent joined = watcher->join("main-forum");
  ASSERT_TRUE(joined.has_ack()) << joined.DebugString();
  EXPECT_EQ(joined.ack().joined().viewers(), 1u);
}

}  // namespace
}  // namespace hallcast::test
