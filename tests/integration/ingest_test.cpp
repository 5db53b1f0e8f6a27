// Ingest the way halls really send: OBS publishing to an RTMP server that
// the hub pulls from, an encoder that comes back at another size and codec or
// changes size mid-stream, and ffmpeg pushing SRT. Real servers and senders,
// started by the tests.

#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/gst_publisher.h"
#include "support/media_fixture.h"
#include "support/nginx_rtmp.h"

namespace hallcast::test {
namespace {

class IngestTest : public MediaTest {
 protected:
  // A room whose feed is an SRT listener; returns what an encoder dials.
  std::string startSrtListenerHub() {
    const std::string port = std::to_string(freeUdpPort());
    startMediaHub("      uri: srt://:" + port + "?mode=listener\n");
    return "srt://127.0.0.1:" + port;
  }

  // ffmpeg pushing a test picture of `size` ("WxH") and a tone in MPEG-TS to
  // the room's SRT listener at `srt`, with `video_codec` (ffmpeg's options).
  std::unique_ptr<ChildProcess> ffmpegSender(const std::string& srt, const std::string& size,
                                             const std::vector<std::string>& video_codec) {
    std::vector<std::string> args{"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
                                  "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=25",
                                  "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"};
    args.insert(args.end(), video_codec.begin(), video_codec.end());
    // AAC-LC at 48 kHz in stereo: the room's own format, which goes on air as it is.
    for (const char* a : {"-g", "25", "-c:a", "aac", "-ac", "2", "-b:a", "96k", "-f", "mpegts"}) args.emplace_back(a);
    args.push_back(srt + "?mode=caller");
    auto sender = std::make_unique<ChildProcess>(args, dir_.path() / "ffmpeg.log");
    sender->start();
    return sender;
  }

  // Waits for the feed to be on air with a known picture size.
  bool waitForLive(v1::FeedHealth& h) {
    return waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE && f.width() > 0; }, 20s, &h);
  }

  // Waits until the newest segment of the playlist probes as `video`
  // ("h264,640,360") with AAC: the new picture reached the viewers. (How many
  // segments that takes depends on the feed's GOP: a transcoded feed's is
  // 2.4 s.)
  void expectNewSegmentsAre(v1::FeedHealth& h, const std::string& video) {
    std::string probe;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto names = segmentNames(playlist());
      if (!names.empty()) {
        probe = probeSegment(names.back());
        if (probe.find(video) != std::string::npos) break;
      }
      std::this_thread::sleep_for(500ms);
    }
    EXPECT_NE(probe.find(video), std::string::npos) << probe;
    EXPECT_NE(probe.find("aac"), std::string::npos) << probe;
    h = health();
  }
};

TEST_F(IngestTest, AnObsPushToAnRtmpServerIsPulledAndGoesOnAirAsItIs) {
  NginxRtmp server(dir_.path() / "nginx");
  // What OBS sends: H.264 and AAC in FLV, published to rtmp://…/live/KEY.
  GstPublisher obs(
      encoderPipeline("rtmpsink location=" + server.url("hall"), 384, 216, kX264Encoder, "flvmux streamable=true"));
  obs.start();
  startMediaHub("      uri: " + server.url("hall") + "\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForLive(h)) << h.DebugString() << "\nnginx:\n" << server.log();
  EXPECT_EQ(h.source_uri(), server.url("hall"));
  EXPECT_EQ(h.video_codec(), "h264");
  EXPECT_EQ(h.audio_codec(), "aac");
  EXPECT_FALSE(h.video_transcoded()) << "H.264 goes on as it is";
  // OBS's default: AAC at 44.1 kHz, resampled to the room's 48 kHz so that
  // the sound keeps one shape when the slate takes over.
  EXPECT_TRUE(h.audio_transcoded()) << "44.1 kHz AAC goes on air at 48 kHz";
  EXPECT_EQ(h.width(), 384u);
  EXPECT_EQ(h.height(), 216u);
  expectNewSegmentsAre(h, "h264,384,216");
}

TEST_F(IngestTest, AnEncoderThatComesBackAtAnotherSizeAndCodecGoesOnAirAsItNowIs) {
  const std::string srt = startSrtListenerHub();
  v1::FeedHealth h;
  {
    GstPublisher encoder(encoderPipeline("srtsink uri=" + srt + "?mode=caller latency=100", 320, 180));
    encoder.start();
    ASSERT_TRUE(waitForLive(h)) << h.DebugString();
    EXPECT_EQ(h.width(), 320u);
    EXPECT_EQ(h.video_codec(), "h264");
  }
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate"; }, 10s, &h)) << h.DebugString();

  // The hall's spare encoder: twice the size, MPEG-4 Part 2, which the hub
  // transcodes. (ffmpeg's encoder: GStreamer's avenc_mpeg4 here stamps its
  // frames with no valid time, and mpegtsmux then leaves them out.)
  const auto spare = ffmpegSender(srt, "640x360", {"-c:v", "mpeg4", "-b:v", "800k"});
  ASSERT_TRUE(waitForLive(h)) << h.DebugString() << "\nffmpeg:\n" << spare->log();
  EXPECT_EQ(httpRequest(hub().url("/healthz")).status, 200);
  EXPECT_EQ(h.width(), 640u);
  EXPECT_EQ(h.height(), 360u);
  EXPECT_EQ(h.video_codec(), "mpeg4");
  EXPECT_TRUE(h.video_transcoded());
  expectNewSegmentsAre(h, "h264,640,360");
  EXPECT_EQ(h.state(), v1::FEED_STATE_LIVE) << h.DebugString();
}

TEST_F(IngestTest, AFeedThatChangesSizeMidStreamStaysOnAirAtTheNewSize) {
  // One connection throughout: the encoder is reconfigured while it sends,
  // as when a technician changes the output resolution of a running encoder.
  GstPublisher encoder(encoderPipeline("srtsink uri=" + startSrtListenerHub() + "?mode=caller latency=100", 320, 180));
  encoder.start();
  v1::FeedHealth h;
  ASSERT_TRUE(waitForLive(h)) << h.DebugString();
  EXPECT_EQ(h.width(), 320u);
  const uint64_t reconnects = h.reconnects();

  encoder.set("size", "caps", "video/x-raw,width=640,height=360,framerate=25/1");
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.width() == 640u; }, 10s, &h)) << h.DebugString();
  EXPECT_EQ(h.height(), 360u);
  EXPECT_EQ(httpRequest(hub().url("/healthz")).status, 200);
  expectNewSegmentsAre(h, "h264,640,360");
  EXPECT_EQ(h.state(), v1::FEED_STATE_LIVE) << h.DebugString();
  EXPECT_EQ(h.on_air(), "live");
  EXPECT_EQ(h.reconnects(), reconnects) << "the feed was dropped: " << h.DebugString();
  EXPECT_FALSE(h.video_transcoded());
}

TEST_F(IngestTest, AnFfmpegSrtCallerGoesOnAir) {
  const std::string srt = startSrtListenerHub();
  v1::FeedHealth h;
  // The listener is up once the room runs (on the slate).
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate"; }, 15s, &h)) << h.DebugString();
  const auto ffmpeg = ffmpegSender(srt, "352x288", {"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency"});
  ASSERT_TRUE(waitForLive(h)) << h.DebugString() << "\nffmpeg:\n" << ffmpeg->log();
  EXPECT_EQ(h.video_codec(), "h264");
  EXPECT_EQ(h.audio_codec(), "aac");
  EXPECT_FALSE(h.video_transcoded());
  EXPECT_FALSE(h.audio_transcoded());
  EXPECT_EQ(h.width(), 352u);
  EXPECT_EQ(h.height(), 288u);
  expectNewSegmentsAre(h, "h264,352,288");
  EXPECT_TRUE(ffmpeg->running()) << ffmpeg->log();
  ffmpeg->stop();
}

}  // namespace
}  // namespace hallcast::test
