// WebRTC playback by WHEP (draft-ietf-wish-whep) from the real hub with its
// test source, played by GStreamer's webrtcbin (tests/support/whep_player):
// the answer, pictures and sound decoded, DELETE; the offers and requests
// the endpoint refuses, each with its status and reason; the per-node
// viewer limit. Chromium playing it is in web-client/e2e/attendee.test.mjs;
// its glass-to-glass latency is in bench/.

#include <regex>

#include "support/gst_publisher.h"
#include "support/http_client.h"
#include "support/media_fixture.h"
#include "support/whep_player.h"

namespace hallcast::test {
namespace {

class WhepTest : public MediaTest {
 protected:
  std::string endpoint(const std::string& room = "main-forum") { return hub().url("/whep/" + room); }

  double metric(const std::string& name) {
    const std::string text = httpRequest(hub().url("/metrics")).body;
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("\n" + name + " ([0-9.e+]+)"))) return -1;
    return std::stod(m[1]);
  }

  bool waitFor(const std::function<bool()>& condition, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return condition();
  }
};

TEST_F(WhepTest, AWebRtcPlayerGetsAnAnswerAndDecodesTheRoomsPicturesAndSound) {
  startMediaHub();
  WhepPlayer player;
  const HttpResult r = player.play(endpoint());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.content_type, "application/sdp");
  const std::string location = r.header("location");
  EXPECT_TRUE(std::regex_match(location, std::regex("/whep/main-forum/w_[0-9a-f]{16}"))) << location;
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  // The answer: H.264 on the payload type the offer gave it, Opus, DTLS,
  // and its candidates (no trickle ICE).
  EXPECT_NE(r.body.find("a=rtpmap:102 H264/90000"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("a=rtpmap:111 OPUS/48000/2"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("a=fingerprint:sha-256"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("a=candidate:"), std::string::npos) << r.body;

  // 10 pictures a second from the test source; Opus in 20 ms packets.
  EXPECT_TRUE(waitFor([&] { return player.picturesDecoded() >= 20 && player.audioBuffersDecoded() >= 50; }, 20s))
      << player.picturesDecoded() << " pictures, " << player.audioBuffersDecoded() << " audio buffers, "
      << player.connectionState();
  EXPECT_EQ(player.connectionState(), "connected");
  EXPECT_EQ(metric("hallcast_webrtc_viewers"), 1);
  EXPECT_EQ(metric("hallcast_webrtc_answered_total"), 1);

  // The session ends with DELETE; then it is gone.
  const HttpResult deleted = httpRequest(hub().url(location), "DELETE");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(metric("hallcast_webrtc_viewers"), 0);
  const uint64_t pictures = player.picturesDecoded();
  std::this_thread::sleep_for(1s);
  EXPECT_LE(player.picturesDecoded(), pictures + 2) << "pictures still arrive after DELETE";
  const HttpResult again = httpRequest(hub().url(location), "DELETE");
  EXPECT_EQ(again.status, 404) << again.body;
}

TEST_F(WhepTest, OffersAndRequestsItCannotServeAreRefusedWithTheReason) {
  startMediaHub();
  const std::vector<std::string> sdp = {"Content-Type: application/sdp"};
  WhepPlayer player;
  const std::string offer = player.offer();

  HttpResult r = httpSend(endpoint(), "POST", offer, {"Content-Type: text/plain"});
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_NE(r.body.find("application/sdp"), std::string::npos) << r.body;

  r = httpSend(endpoint(), "POST", "hello", sdp);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("not an SDP offer"), std::string::npos) << r.body;

  // Only VP8 offered: nothing hallcast sends (it never re-encodes).
  const std::string vp8 = std::regex_replace(
      std::regex_replace(offer, std::regex("H264/90000"), "VP8/90000"), std::regex("OPUS/48000/2"), "PCMU/8000");
  r = httpSend(endpoint(), "POST", vp8, sdp);
  EXPECT_EQ(r.status, 406) << r.body;
  EXPECT_NE(r.body.find("H.264"), std::string::npos) << r.body;

  // Not WebRTC: no ICE credentials.
  const std::string no_ice = std::regex_replace(offer, std::regex("a=ice-ufrag:[^\r\n]*\r?\n"), "");
  r = httpSend(endpoint(), "POST", no_ice, sdp);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("ice-ufrag"), std::string::npos) << r.body;

  r = httpSend(endpoint("no-such-room"), "POST", offer, sdp);
  EXPECT_EQ(r.status, 404) << r.body;

  // An offer far larger than any: refused before it is read.
  r = httpSend(endpoint(), "POST", std::string(100'000, 'a'), sdp);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.header("connection"), "close");
  // A body without a length.
  r = httpSend(endpoint(), "POST", offer, {"Content-Type: application/sdp", "Transfer-Encoding: chunked"});
  EXPECT_EQ(r.status, 411) << r.body;

  r = httpRequest(endpoint(), "GET");
  EXPECT_EQ(r.status, 405) << r.body;
  EXPECT_EQ(r.header("allow"), "POST, OPTIONS");
  r = httpSend(hub().url("/whep/main-forum/w_0000000000000000"), "PATCH", "a=end-of-candidates\r\n",
               {"Content-Type: application/trickle-ice-sdpfrag"});
  EXPECT_EQ(r.status, 405) << r.body;
  EXPECT_EQ(r.header("allow"), "DELETE, OPTIONS");
  r = httpRequest(hub().url("/whep/main-forum/w_0000000000000000"), "DELETE");
  EXPECT_EQ(r.status, 404) << r.body;

  // A browser's CORS preflight for the POST.
  r = httpRequest(endpoint(), "OPTIONS", "",
                  {"Origin: https://player.example", "Access-Control-Request-Method: POST",
                   "Access-Control-Request-Headers: content-type"});
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.header("accept-post"), "application/sdp");
  EXPECT_EQ(r.header("access-control-allow-origin"), "*");
  EXPECT_NE(r.header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(r.header("access-control-allow-headers").find("content-type"), std::string::npos);
  EXPECT_EQ(r.header("content-length"), "") << "RFC 9110 8.6: no Content-Length in a 204";

  EXPECT_EQ(httpRequest(hub().url("/healthz")).status, 200);
  EXPECT_EQ(metric("hallcast_webrtc_viewers"), 0);
  EXPECT_GE(metric("hallcast_webrtc_refused_total"), 3);
}

TEST_F(WhepTest, ANodeTakesAtMostItsMaxViewersAndTellsTheIceServers) {
  startMediaHub("", "webrtc:\n  max_viewers: 1\n  ice_servers:\n    - url: stun:127.0.0.1:3478\n"
                    "    - url: turn:127.0.0.1:3478?transport=udp\n      username: hall\n      credential: s3cret\n");
  WhepPlayer video_only(false);
  const HttpResult first = video_only.play(endpoint());
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.body.find("OPUS"), std::string::npos) << "no audio was offered";
  // draft-ietf-wish-whep §4.4: the ICE servers in Link headers.
  EXPECT_NE(first.headers.find("link: <stun:127.0.0.1:3478>; rel=\"ice-server\""), std::string::npos)
      << first.headers;
  EXPECT_NE(first.headers.find("link: <turn:127.0.0.1:3478?transport=udp>; rel=\"ice-server\"; username=\"hall\"; "
                               "credential=\"s3cret\"; credential-type=\"password\""),
            std::string::npos)
      << first.headers;
  EXPECT_TRUE(waitFor([&] { return video_only.picturesDecoded() >= 10; }, 20s)) << video_only.connectionState();

  WhepPlayer second;
  const HttpResult refused = second.play(endpoint());
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.header("retry-after"), "10");
  EXPECT_NE(refused.body.find("webrtc.max_viewers"), std::string::npos) << refused.body;

  // The place is free again after DELETE.
  EXPECT_EQ(httpRequest(hub().url(first.header("location")), "DELETE").status, 200);
  WhepPlayer third;
  EXPECT_EQ(third.play(endpoint()).status, 201);
}

TEST_F(WhepTest, OneAddressTakesAtMostItsShareOfTheViewers) {
  startMediaHub("", "webrtc:\n  max_viewers_per_address: 2\n");
  WhepPlayer a, b, c;
  EXPECT_EQ(a.play(endpoint()).status, 201);
  const HttpResult second = b.play(endpoint());
  EXPECT_EQ(second.status, 201);
  const HttpResult third = c.play(endpoint());
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_NE(third.body.find("webrtc.max_viewers_per_address"), std::string::npos) << third.body;
  EXPECT_EQ(third.header("retry-after"), "10");
  EXPECT_EQ(httpRequest(hub().url(second.header("location")), "DELETE").status, 200);
  WhepPlayer d;
  EXPECT_EQ(d.play(endpoint()).status, 201);
}


TEST_F(WhepTest, AViewerThatVanishesWithoutADeleteIsDroppedAndOneThatStaysIsNot) {
  startMediaHub();
  {
    WhepPlayer player;
    ASSERT_EQ(player.play(endpoint()).status, 201);
    ASSERT_TRUE(waitFor([&] { return player.picturesDecoded() >= 5; }, 20s)) << player.connectionState();
    // Longer than the silence the hub allows (15 s): its RTCP reports
    // keep it.
    const uint64_t before = player.picturesDecoded();
    std::this_thread::sleep_for(20s);
    EXPECT_EQ(metric("hallcast_webrtc_viewers"), 1);
    EXPECT_GE(player.picturesDecoded(), before + 150) << "10 pictures a second for 20 s";
  }  // its pipeline stopped: no DELETE, nothing more from it
  EXPECT_TRUE(waitFor([&] { return metric("hallcast_webrtc_viewers") == 0; }, 30s));
}

// A viewer stays through every switch: the hall's encoder lost (the slate,
// 480x270, goes on air) and back (its 320x180). Each switch reaches the
// viewer's decoder at a keyframe with its SPS and PPS, so it decodes the
// new source's pictures at their size straight away.
TEST_F(WhepTest, AViewerDecodesEverySourceTheRoomSwitchesTo) {
  const int port = freeUdpPort();
  startMediaHub("      uri: srt://:" + std::to_string(port) + "?mode=listener\n");
  const std::string sink = "srtsink uri=srt://127.0.0.1:" + std::to_string(port) + "?mode=caller latency=100";
  auto encoder = std::make_unique<GstPublisher>(encoderPipeline(sink));
  encoder->start();
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "live"; }, 30s, &h)) << h.DebugString();
  WhepPlayer player;
  ASSERT_EQ(player.play(endpoint()).status, 201);
  // Pictures of `width` decoded after the `runs`th change of size.
  const auto decoding = [&](std::size_t runs, int width) {
    return waitFor(
        [&] {
          const auto seen = player.pictureRuns();
          return seen.size() == runs && seen.back().width == width && seen.back().pictures >= 20;
        },
        30s);
  };
  const auto describe = [&] {
    std::string out = player.connectionState() + ":";
    for (const auto& run : player.pictureRuns()) {
      out += " " + std::to_string(run.pictures) + " at " + std::to_string(run.width) + "x" + std::to_string(run.height);
    }
    return out;
  };
  ASSERT_TRUE(decoding(1, 320)) << describe();
  encoder->stop();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate"; }, 20s, &h)) << h.DebugString();
  ASSERT_TRUE(decoding(2, 480)) << describe();
  encoder = std::make_unique<GstPublisher>(encoderPipeline(sink));
  encoder->start();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "live"; }, 30s, &h)) << h.DebugString();
  ASSERT_TRUE(decoding(3, 320)) << describe();
  const auto runs = player.pictureRuns();
  EXPECT_EQ(runs[0].height, 180);
  EXPECT_EQ(runs[1].height, 270);
  EXPECT_EQ(runs[2].height, 180);
}

}  // namespace
}  // namespace hallcast::test
