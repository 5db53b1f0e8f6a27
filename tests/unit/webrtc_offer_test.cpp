// readWebRtcOffer: what hallcast answers a WHEP player's SDP offer with, or
// why it refuses it — before webrtcbin sees it.

#include "webrtc/webrtc_offer.h"

#include <gst/gst.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hallcast {
namespace {

std::string chromiumOffer() {
  std::ifstream in(HALLCAST_SOURCE_DIR "/tests/unit/data/chromium_webrtc_offer.sdp");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A small offer: session-level ICE and DTLS, then the m-lines.
std::string offer(const std::string& media) {
  return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
         "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
         "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:"
         "CC:DD:EE:FF\r\na=setup:actpass\r\n" +
         media;
}

const std::string kVideoH264 =
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\n"
    "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 H264/90000\r\n"
    "a=fmtp:97 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n";
const std::string kAudioOpus =
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=recvonly\r\na=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\n";

class WebRtcOfferTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { gst_init(nullptr, nullptr); }
};

TEST_F(WebRtcOfferTest, ChromiumsOfferIsAnsweredWithItsClosestH264ProfileAndOpus) {
  const auto read = readWebRtcOffer(chromiumOffer());
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read)) << std::get<OfferRefusal>(read).message;
  const WebRtcOffer& o = std::get<WebRtcOffer>(read);
  ASSERT_TRUE(o.video && o.audio);
  // Chromium 156 offers no High profile; Main (4d001f, mode 1) is the closest.
  EXPECT_EQ(o.video->mline, 0u);
  EXPECT_EQ(o.video->payload, 116);
  EXPECT_NE(o.video->caps.find("profile-level-id=(string)4d001f"), std::string::npos) << o.video->caps;
  EXPECT_NE(o.video->caps.find("profile=(string)main"), std::string::npos) << o.video->caps;
  EXPECT_NE(o.video->caps.find("packetization-mode=(string)1"), std::string::npos) << o.video->caps;
  EXPECT_EQ(o.audio->mline, 1u);
  EXPECT_EQ(o.audio->payload, 111);
  EXPECT_NE(o.audio->caps.find("encoding-name=(string)OPUS"), std::string::npos) << o.audio->caps;
}

TEST_F(WebRtcOfferTest, TracksFollowTheOffersOrderAndDirections) {
  auto read = readWebRtcOffer(offer(kAudioOpus + kVideoH264));
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read)) << std::get<OfferRefusal>(read).message;
  EXPECT_EQ(std::get<WebRtcOffer>(read).audio->mline, 0u);
  EXPECT_EQ(std::get<WebRtcOffer>(read).video->mline, 1u);
  EXPECT_EQ(std::get<WebRtcOffer>(read).video->payload, 97);
  EXPECT_NE(std::get<WebRtcOffer>(read).video->caps.find("constrained-baseline"), std::string::npos);

  // A player that only sends audio gets video only.
  std::string sendonly = kAudioOpus;
  sendonly.replace(sendonly.find("recvonly"), 8, "sendonly");
  read = readWebRtcOffer(offer(kVideoH264 + sendonly));
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read));
  EXPECT_TRUE(std::get<WebRtcOffer>(read).video);
  EXPECT_FALSE(std::get<WebRtcOffer>(read).audio);

  // A bundle-only m-line (port 0, RFC 8843) is wanted; a rejected one is not.
  std::string bundled = kAudioOpus;
  bundled.replace(bundled.find(" 9 "), 3, " 0 ");
  read = readWebRtcOffer(offer(kVideoH264 + bundled + "a=bundle-only\r\n"));
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read));
  EXPECT_TRUE(std::get<WebRtcOffer>(read).audio);
  read = readWebRtcOffer(offer(kVideoH264 + bundled));
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read));
  EXPECT_FALSE(std::get<WebRtcOffer>(read).audio);
}

TEST_F(WebRtcOfferTest, APublishersOfferIsReadForWhatItSends) {
  // A WHIP publisher sends: its sendonly m-lines are taken, recvonly ones not.
  std::string video = kVideoH264, audio = kAudioOpus;
  video.replace(video.find("recvonly"), 8, "sendonly");
  audio.replace(audio.find("recvonly"), 8, "sendrecv");
  auto read = readWebRtcOffer(offer(video + audio), OfferUse::kPublish);
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read)) << std::get<OfferRefusal>(read).message;
  EXPECT_EQ(std::get<WebRtcOffer>(read).video->payload, 97);
  EXPECT_TRUE(std::get<WebRtcOffer>(read).audio);
  // The same offer, to play: only the sendrecv audio goes its way.
  read = readWebRtcOffer(offer(video + audio), OfferUse::kPlay);
  ASSERT_TRUE(std::holds_alternative<WebRtcOffer>(read));
  EXPECT_FALSE(std::get<WebRtcOffer>(read).video);
  // A player's offer (recvonly) publishes nothing.
  read = readWebRtcOffer(offer(kVideoH264 + kAudioOpus), OfferUse::kPublish);
  ASSERT_TRUE(std::holds_alternative<OfferRefusal>(read));
  EXPECT_EQ(std::get<OfferRefusal>(read).status, 406);
  EXPECT_NE(std::get<OfferRefusal>(read).message.find("sends neither"), std::string::npos);
}

TEST_F(WebRtcOfferTest, OffersItCannotAnswerAreRefusedWithTheReason) {
  const auto refusal = [](const std::string& sdp) {
    const auto read = readWebRtcOffer(sdp);
    return std::holds_alternative<OfferRefusal>(read) ? std::get<OfferRefusal>(read) : OfferRefusal{0, ""};
  };
  EXPECT_EQ(refusal("hello").status, 400);
  EXPECT_EQ(refusal("").status, 400);
  EXPECT_EQ(refusal(offer("")).status, 400);
  EXPECT_NE(refusal(offer("")).message.find("no m-line"), std::string::npos);

  // Nothing hallcast sends: VP8 only, or H.264 in mode 0 only.
  std::string vp8 = kVideoH264;
  vp8.replace(vp8.find("H264"), 4, "VP9 ");
  EXPECT_EQ(refusal(offer(vp8)).status, 406);
  std::string mode0 = kVideoH264;
  mode0.replace(mode0.find("packetization-mode=1"), 20, "packetization-mode=0");
  EXPECT_EQ(refusal(offer(mode0)).status, 406);

  // Not WebRTC: no DTLS fingerprint, or plain RTP.
  std::string no_fingerprint = offer(kVideoH264);
  no_fingerprint.erase(no_fingerprint.find("a=fingerprint"), no_fingerprint.find("a=setup") - no_fingerprint.find("a=fingerprint"));
  EXPECT_EQ(refusal(no_fingerprint).status, 400);
  EXPECT_NE(refusal(no_fingerprint).message.find("a=fingerprint"), std::string::npos);
  std::string avp = kVideoH264;
  avp.replace(avp.find("UDP/TLS/RTP/SAVPF"), 17, "RTP/AVP");
  EXPECT_EQ(refusal(offer(avp)).status, 400);
  EXPECT_NE(refusal(offer(avp)).message.find("UDP/TLS/RTP/SAVPF"), std::string::npos);
}

}  // namespace
}  // namespace hallcast
