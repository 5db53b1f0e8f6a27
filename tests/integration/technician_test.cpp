// What technicians get over the real protocol from a hub with real media:
// the health stream, alerts as they are raised and cleared, and control of
// a room's feed. The hall encoder is a GStreamer pipeline pushing SRT.

#include <map>

#include "support/gst_publisher.h"
#include "support/hub_fixture.h"
#include "support/staff.h"

namespace hallcast::test {
namespace {

// A hall encoder sending a black picture and silence (a lens cap and a
// muted desk) — or, with `black` false, colour bars and a tone.
std::string hallEncoder(int port, bool black) {
  return std::string("videotestsrc is-live=true pattern=") + (black ? "black" : "smpte") +
         " ! video/x-raw,width=320,height=180,framerate=25/1 ! "
         "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=300 ! h264parse ! "
         "mpegtsmux name=mux alignment=7 ! srtsink uri=srt://127.0.0.1:" + std::to_string(port) +
         "?mode=caller audiotestsrc is-live=true wave=" + (black ? "silence" : "sine") +
         " ! audio/x-raw,rate=48000,channels=2 ! voaacenc ! aacparse ! mux.";
}

class TechnicianTest : public HubTest {
 protected:
  void startMediaHub(const std::string& media_yaml) {
    port_ = freeUdpPort();
    config_ = dir_.write("event.yaml", mediaEventYaml("      uri: srt://:" + std::to_string(port_) + "?mode=listener\n",
                                                      media_yaml) +
                                           accessYaml());
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
    hub_->start();
  }

  // A technician connected with a token, watching health.
  std::unique_ptr<WsClient> watchingTechnician() { return test::watchingTechnician(hub_->port(), config_.string()); }

  // Waits for a health report from the stream whose feed matches.
  std::optional<v1::FeedHealth> waitForFeed(WsClient& client, const std::function<bool(const v1::FeedHealth&)>& match,
                                            std::chrono::seconds timeout = 20s) {
    v1::FeedHealth last;
    const auto event = client.waitFor(
        [&](const v1::ServerEvent& e) {
          if (!e.has_health() || e.health().feeds_size() == 0) return false;
          last = e.health().feeds(0);
          return match(last);
        },
        timeout);
    if (!event) {
      ADD_FAILURE() << "last health: " << last.DebugString();
      return std::nullopt;
    }
    return event->health().feeds(0);
  }

  std::optional<v1::Alert> waitForAlert(WsClient& client, v1::AlertKind kind, bool active,
                                        std::chrono::seconds timeout = 20s) {
    const auto event = client.waitFor(
        [&](const v1::ServerEvent& e) { return e.has_alert() && e.alert().kind() == kind && e.alert().active() == active; },
        timeout);
    if (!event) return std::nullopt;
    return event->alert();
  }

  v1::ServerEvent control(WsClient& client, v1::FeedAction action) { return controlFeed(client, "main-forum", action); }

  int port_ = 0;
};

TEST_F(TechnicianTest, ControlsTheFeedAndSeesItInTheHealthStream) {
  startMediaHub("");
  GstPublisher encoder(hallEncoder(port_, false));
  encoder.start();
  auto tech = watchingTechnician();
  ASSERT_TRUE(waitForFeed(*tech, [](const auto& f) { return f.on_air() == "live"; }));

  ASSERT_TRUE(control(*tech, v1::FEED_ACTION_FORCE_STANDBY).has_ack());
  auto f = waitForFeed(*tech, [](const auto& f) { return f.on_air() == "slate"; });
  ASSERT_TRUE(f);
  EXPECT_EQ(f->forced(), "standby");

  ASSERT_TRUE(control(*tech, v1::FEED_ACTION_AUTOMATIC).has_ack());
  f = waitForFeed(*tech, [](const auto& f) { return f.on_air() == "live"; });
  ASSERT_TRUE(f);
  EXPECT_EQ(f->forced(), "");

  const v1::ServerEvent backup = control(*tech, v1::FEED_ACTION_USE_BACKUP);
  ASSERT_TRUE(backup.has_error()) << backup.DebugString();
  EXPECT_EQ(backup.error().code(), v1::ERROR_CODE_FAILED_PRECONDITION);
  EXPECT_NE(backup.error().message().find("no backup"), std::string::npos);

  // A restart reconnects the encoder (it calls again) and the room goes back on air.
  const uint64_t before = f->reconnects();
  ASSERT_TRUE(control(*tech, v1::FEED_ACTION_RESTART).has_ack());
  ASSERT_TRUE(waitForFeed(*tech, [&](const auto& f) { return f.reconnects() > before; }));
}

TEST_F(TechnicianTest, AlertsAreRaisedAndClearedAsTheFeedFails) {
  startMediaHub("  snapshot_interval_ms: 1000\n  alerts: {down_seconds: 1, silence_seconds: 2, black_seconds: 2}\n");
  auto tech = watchingTechnician();
  auto encoder = std::make_unique<GstPublisher>(hallEncoder(port_, true));
  encoder->start();

  // Both, in either order.
  std::map<v1::AlertKind, v1::Alert> raised;
  ASSERT_TRUE(tech->waitFor(
      [&](const v1::ServerEvent& e) {
        if (e.has_alert() && e.alert().active()) raised[e.alert().kind()] = e.alert();
        return raised.count(v1::ALERT_KIND_BLACK) && raised.count(v1::ALERT_KIND_SILENCE);
      },
      20s))
      << raised.size() << " alerts";
  EXPECT_EQ(raised[v1::ALERT_KIND_BLACK].severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(raised[v1::ALERT_KIND_BLACK].room_id(), "main-forum");
  EXPECT_EQ(raised[v1::ALERT_KIND_SILENCE].severity(), v1::SEVERITY_WARNING);
  auto f = waitForFeed(*tech, [](const auto& f) { return f.black_seconds() >= 2; });
  ASSERT_TRUE(f);
  EXPECT_LT(f->picture_luma(), 0.1);
  EXPECT_GE(f->link_packets_lost(), 0) << "SRT reports its link";
  EXPECT_GT(f->link_rtt_ms(), -1);

  // The encoder dies: the slate goes on air, which ends the black alert at
  // once, and a second later the feed is down (critical).
  encoder->stop();
  ASSERT_TRUE(waitForAlert(*tech, v1::ALERT_KIND_BLACK, false));
  const auto down = waitForAlert(*tech, v1::ALERT_KIND_FEED_DOWN, true);
  ASSERT_TRUE(down);
  EXPECT_EQ(down->severity(), v1::SEVERITY_CRITICAL);
  // The slate (a title on black) is not a black picture.
  ASSERT_TRUE(waitForFeed(*tech, [](const auto& f) { return f.on_air() == "slate" && f.black_seconds() == 0; }));

  // The active alerts are in the health report of a technician who joins now.
  auto late = watchingTechnician();
  const auto report = late->request([] {
    v1::ClientMessage m;
    m.mutable_watch_health();
    return m;
  }());
  ASSERT_TRUE(report.has_ack());
  bool listed = false;
  for (const auto& a : report.ack().health_watched().alerts()) listed |= a.kind() == v1::ALERT_KIND_FEED_DOWN;
  EXPECT_TRUE(listed) << report.DebugString();

  // Back on air: the feed-down alert clears.
  encoder = std::make_unique<GstPublisher>(hallEncoder(port_, false));
  encoder->start();
  const auto back = waitForAlert(*tech, v1::ALERT_KIND_FEED_DOWN, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->severity(), v1::SEVERITY_INFO);
  EXPECT_NE(back->message().find("back to normal"), std::string::npos);
}

// A technician whose token names some rooms watches those rooms only: the
// other rooms' feeds and alerts are not theirs to see.
TEST_F(TechnicianTest, ATokenForSomeRoomsWatchesThoseRoomsOnly) {
  // Two rooms on test sources: main-forum (from the media event) and panel-a.
  std::string yaml = mediaEventYaml("      uri: test://\n");
  yaml.insert(yaml.find("media:"),
              "  - id: panel-a\n    kind: panel\n    title: {en: Panel A, zh: 分论坛}\n"
              "    schedule: {start: \"\", end: \"\"}\n"
              "    feed: {uri: \"test://\"}\n");
  yaml = withSessionFromNow(yaml, -3'600'000, 3'600'000);  // both rooms in session now
  config_ = dir_.write("event.yaml", yaml + accessYaml());
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
  hub_->start();

  const auto watching = [&](const std::vector<std::string>& extra) {
    auto client = std::make_unique<WsClient>(hub_->port());
    EXPECT_TRUE(client->connect()) << client->error();
    v1::ClientMessage hello;
    hello.mutable_hello()->set_token(mintToken(config_.string(), "technician", "Tech", extra));
    EXPECT_TRUE(client->request(hello).has_ack());
    v1::ClientMessage watch;
    watch.mutable_watch_health();
    const v1::ServerEvent ack = client->request(watch);
    EXPECT_TRUE(ack.has_ack() && ack.ack().has_health_watched()) << ack.DebugString();
    return std::make_pair(std::move(client), ack.ack().health_watched());
  };
  const auto roomsOf = [](const v1::HealthReport& report) {
    std::vector<std::string> rooms;
    for (const auto& feed : report.feeds()) rooms.push_back(feed.room_id());
    return rooms;
  };
  auto everywhere = watching({}).first;
  auto panel_only = watching({"--rooms", "panel-a"}).first;
  // Every report the scoped technician gets names panel-a only.
  for (int i = 0; i < 3; ++i) {
    const auto report = panel_only->waitFor([](const v1::ServerEvent& e) { return e.has_health(); }, 5s);
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(roomsOf(report->health()), (std::vector<std::string>{"panel-a"}));
    for (const auto& alert : report->health().alerts()) EXPECT_EQ(alert.room_id(), "panel-a");
  }
  const auto full = everywhere->waitFor([](const v1::ServerEvent& e) { return e.has_health(); }, 5s);
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(roomsOf(full->health()), (std::vector<std::string>{"main-forum", "panel-a"}));
  // And the report in the Ack of a WatchHealth, now that there is one.
  EXPECT_EQ(roomsOf(watching({"--rooms", "panel-a"}).second), (std::vector<std::string>{"panel-a"}));
  EXPECT_EQ(roomsOf(watching({}).second), (std::vector<std::string>{"main-forum", "panel-a"}));
}

}  // namespace
}  // namespace hallcast::test
