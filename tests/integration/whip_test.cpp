// WebRTC contribution by WHIP (draft-ietf-wish-whip): a room whose feed is
// whip:// takes a remote speaker's stream, here from GStreamer's webrtcbin
// (tests/support/whip_sender), with a staff token. The stream goes on air
// (health, the HLS segments' picture), DELETE lets it go and the slate
// takes over, a next publisher is taken; who may publish, and where.

#include <regex>

#include "support/http_client.h"
#include "support/media_fixture.h"
#include "support/staff.h"
#include "support/whip_sender.h"

namespace hallcast::test {
namespace {

class WhipTest : public MediaTest {
 protected:
  void startWhipHub() { startMediaHub("      uri: whip://\n", accessYaml()); }
  std::string endpoint() { return hub().url("/whip/main-forum"); }

  // Waits until the newest segment's picture is `size` ("h264,320,180").
  bool waitForPicture(const std::string& size, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string probe;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto names = segmentNames(playlist());
      if (!names.empty()) {
        probe = probeSegment(names.back());
        if (probe.find(size) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(500ms);
    }
    ADD_FAILURE() << "no segment of " << size << "; the last: " << probe;
    return false;
  }
};

TEST_F(WhipTest, ARemoteSpeakersWebRtcStreamGoesOnAirAndTheSlateWhenItLeaves) {
  startWhipHub();
  // No publisher yet: the slate is on air.
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const v1::FeedHealth& f) { return f.on_air() == "slate"; }, 20s, &h))
      << h.ShortDebugString();

  const std::string token = mintToken(config_.string(), "technician", "Speaker desk");
  WhipSender sender;
  const HttpResult r = sender.publish(endpoint(), token);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.content_type, "application/sdp");
  const std::string location = r.header("location");
  EXPECT_TRUE(std::regex_match(location, std::regex("/whip/main-forum/p_[0-9a-f]{16}"))) << location;
  EXPECT_NE(r.body.find("a=recvonly"), std::string::npos) << r.body;

  // On air: H.264 as sent (320×180, not transcoded), Opus made AAC.
  ASSERT_TRUE(waitForHealth([](const v1::FeedHealth& f) { return f.state() == v1::FEED_STATE_LIVE; }, 20s, &h))
      << h.ShortDebugString() << " sender " << sender.connectionState();
  EXPECT_EQ(h.video_codec(), "h264");
  EXPECT_EQ(h.width(), 320u);
  EXPECT_EQ(h.height(), 180u);
  EXPECT_EQ(h.audio_codec(), "Opus");  // transcoded to AAC for HLS
  waitForPicture("h264,320,180", 20s);

  // A second publisher waits its turn.
  WhipSender second;
  const HttpResult busy = second.publish(endpoint(), token);
  EXPECT_EQ(busy.status, 409) << busy.body;
  EXPECT_NE(busy.body.find(location), std::string::npos) << busy.body;

  // DELETE: the slate again, then the next publisher is taken.
  EXPECT_EQ(httpRequest(hub().url(location), "DELETE", token).status, 200);
  ASSERT_TRUE(waitForHealth([](const v1::FeedHealth& f) { return f.on_air() == "slate"; }, 10s, &h))
      << h.ShortDebugString();
  WhipSender next;
  HttpResult again;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  do {  // the feed restarts (its first retry comes after 0.5 s)
    again = next.publish(endpoint(), token);
    if (again.status == 201) break;
    std::this_thread::sleep_for(500ms);
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_TRUE(waitForHealth([](const v1::FeedHealth& f) { return f.state() == v1::FEED_STATE_LIVE; }, 20s, &h))
      << h.ShortDebugString();
}

TEST_F(WhipTest, OnlyStaffWhoControlTheFeedMayPublishAndOnlyToAWhipRoom) {
  startWhipHub();
  WhipSender sender;
  HttpResult r = sender.publish(endpoint(), "");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.header("www-authenticate").find("Bearer"), std::string::npos);
  r = sender.publish(endpoint(), "not-a-token");
  EXPECT_EQ(r.status, 401) << r.body;
  r = sender.publish(endpoint(), mintToken(config_.string(), "moderator", "Li Wei"));
  EXPECT_EQ(r.status, 403) << r.body;
  // A player cannot publish (nor the other way round).
  r = httpSend(endpoint(), "POST", sender.offer(),
               {"Content-Type: application/sdp", "Authorization: Bearer " + mintToken(config_.string(), "admin", "A")});
  EXPECT_EQ(r.status, 201) << r.body;
  const HttpResult play = httpSend(hub().url("/whep/main-forum"), "POST", sender.offer(), {"Content-Type: application/sdp"});
  EXPECT_EQ(play.status, 406) << play.body;
  EXPECT_NE(play.body.find("receives neither"), std::string::npos) << play.body;
}

TEST_F(WhipTest, ARoomWithAnotherFeedTakesNoPublisher) {
  startMediaHub("", accessYaml());
  WhipSender sender;
  const HttpResult r = sender.publish(endpoint(), mintToken(config_.string(), "technician", "T"));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("test://"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace hallcast::test
