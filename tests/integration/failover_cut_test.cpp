// Failover as players live it: every kind of switch a room makes — a hall
// encoder (ffmpeg, GStreamer; SRT, RTMP) lost and back, resized while it
// sends, a technician's forced standby, a WHIP publisher arriving and
// leaving — with every segment and part decoded (failover_cut_fixture.h).

#include "failover_cut_fixture.h"

#include <memory>
#include <string>

#include "support/nginx_rtmp.h"
#include "support/staff.h"
#include "support/whip_sender.h"

namespace hallcast::test {
namespace {

TEST_F(FailoverCutTest, AnFfmpegSrtEncoderLostAndBackTwiceIsCutCleanlyAtEverySwitch) {
  // 30 fps, 2 s GOP, 44.1 kHz stereo: the sample rate is not the slate's.
  const std::string port = std::to_string(freeUdpPort());
  startMediaHub("      uri: srt://:" + port + "?mode=listener\n");
  const EncoderSpec spec{30, 60, 44100, 2};
  play(loseAndRecoverTwice([&](int run, int width, int height) {
    return ffmpeg(spec, run, width, height, "mpegts", "srt://127.0.0.1:" + port + "?mode=caller&latency=100000");
  }));
}

TEST_F(FailoverCutTest, AnFfmpegRtmpEncoderLostAndBackTwiceIsCutCleanlyAtEverySwitch) {
  // The OBS way: published to an RTMP server the hub pulls from. 25 fps,
  // 1 s GOP, 48 kHz mono.
  NginxRtmp server(dir_.path() / "nginx");
  // Recorded too, with a ladder rung and an interpretation channel: each is
  // cut where the output is.
  recorded_ = true;
  followers_ = {{"180p", "180p/index.m3u8", true, 2}, {"English", "audio-en/index.m3u8", false, 1}};
  startMediaHub("      uri: " + server.url("hall") +
                    "\n    record: true\n"
                    "    ladder: [{height: 180, bitrate_kbps: 300}]\n"
                    "    language: zh\n"
                    "    interpretation:\n      - {lang: en, uri: \"test://\"}\n",
                "  recording_file_seconds: 600\n");
  const EncoderSpec spec{25, 25, 48000, 1};
  play(loseAndRecoverTwice([&](int run, int width, int height) {
    return ffmpeg(spec, run, width, height, "flv", server.url("hall"));
  }));
}

TEST_F(FailoverCutTest, AGStreamerEncoderResizedForcedToStandbyAndToItsBackupAndLostIsCutCleanlyAtEverySwitch) {
  // Every other kind of switch: the encoder changes its picture size while
  // it sends, a technician forces the standby, then the backup, and hands
  // back each time, the encoder is lost (the backup takes over) and comes
  // back. GStreamer's x264 with B-frames, 30 fps, 1 s GOP, AAC at 48 kHz
  // stereo, over SRT; the hall's backup encoder likewise at 384x216 without
  // B-frames; recorded, with a ladder rung.
  const std::string port = std::to_string(freeUdpPort());
  const std::string backup_port = std::to_string(freeUdpPort());
  recorded_ = true;
  followers_ = {{"180p", "180p/index.m3u8", true, 2}};
  startMediaHubWith(mediaEventYaml("      uri: srt://:" + port + "?mode=listener\n"
                                   "      backup: srt://:" + backup_port + "?mode=listener\n"
                                   "    record: true\n"
                                   "    ladder: [{height: 180, bitrate_kbps: 300}]\n",
                                   "  recording_file_seconds: 600\n") +
                    accessYaml());
  const std::unique_ptr<WsClient> technician = watchingTechnician(hub().port(), config_.string());
  const auto encoderTo = [](const std::string& port, std::pair<int, int> size, const std::string& x264) {
    auto encoder = std::make_unique<GstPublisher>(
        "videotestsrc is-live=true pattern=ball ! capsfilter name=size caps=\"video/x-raw,width=" +
        std::to_string(size.first) + ",height=" + std::to_string(size.second) + ",framerate=30/1\" ! " + x264 +
        " ! h264parse ! mpegtsmux name=mux alignment=7 ! srtsink uri=srt://127.0.0.1:" + port +
        "?mode=caller latency=100 "
        "audiotestsrc is-live=true freq=1000 ! audio/x-raw,rate=48000,channels=2 ! voaacenc ! aacparse ! mux.");
    encoder->start();
    return encoder;
  };
  const std::string main_x264 = "x264enc speed-preset=veryfast bframes=2 key-int-max=30 bitrate=800";
  const std::pair<int, int> backup_size{384, 216};
  std::unique_ptr<GstPublisher> encoder, backup;
  const auto control = [&](v1::FeedAction action) {
    const v1::ServerEvent answer = controlFeed(*technician, "main-forum", action);
    EXPECT_TRUE(answer.has_ack()) << answer.DebugString();
  };
  play({
      {"the encoder starts", {640, 360}, true, [&] { encoder = encoderTo(port, {640, 360}, main_x264); }},
      // (The backup encoder starts too: the feed stays on air.)
      {"the encoder changes its picture size", {512, 288}, false,
       [&] {
         backup = encoderTo(backup_port, backup_size,
                            "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bitrate=400");
         encoder->set("size", "caps", "video/x-raw,width=512,height=288,framerate=30/1");
       },
       true},
      {"a technician forces the standby", kSlateSize, false, [&] { control(v1::FEED_ACTION_FORCE_STANDBY); }},
      {"the technician hands back to the feed", {512, 288}, false, [&] { control(v1::FEED_ACTION_AUTOMATIC); }},
      {"a technician puts the backup on air", backup_size, false, [&] { control(v1::FEED_ACTION_USE_BACKUP); },
       false, true},
      {"the technician hands back again", {512, 288}, false, [&] { control(v1::FEED_ACTION_AUTOMATIC); }},
      {"the encoder is lost: the backup takes over", backup_size, false, [&] { encoder.reset(); }, false, true},
      {"the encoder starts again", {640, 360}, true, [&] { encoder = encoderTo(port, {640, 360}, main_x264); }},
  });
}

TEST_F(FailoverCutTest, AWhipPublisherArrivingLeavingAndComingBackIsCutCleanlyAtEverySwitch) {
  // A remote speaker over WHIP (GStreamer's webrtcbin: 320x180 H.264 at
  // 15 fps, Opus): the publisher arrives, leaves (DELETE), arrives again.
  startMediaHubWith(mediaEventYaml("      uri: whip://\n") + accessYaml());
  // A WebRTC publisher's pictures reach the room up to ~300 ms after the
  // sound of the same moment (0–308 ms in these runs, varying by session;
  // webrtcbin's lip sync, likely): when it leaves, the pictures still on
  // their way are lost, and the sound runs on past the last one by that
  // (a player holds the last picture meanwhile). Known, to fix: drain the
  // publisher on DELETE.
  sound_past_pictures_s_ = 0.4;
  const std::string token = mintToken(config_.string(), "technician", "Speaker desk");
  std::unique_ptr<WhipSender> speaker;
  std::string location;
  const auto publish = [&] {
    speaker = std::make_unique<WhipSender>();
    HttpResult r;
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    do {  // after a publisher left, the feed takes the next once it has restarted
      r = speaker->publish(hub().url("/whip/main-forum"), token);
      if (r.status == 201) break;
      std::this_thread::sleep_for(500ms);
    } while (std::chrono::steady_clock::now() < deadline);
    ASSERT_EQ(r.status, 201) << r.body;
    location = r.header("location");
  };
  play({
      {"a remote speaker publishes", {320, 180}, true, publish},
      {"the speaker leaves", kSlateSize, false,
       [&] { EXPECT_EQ(httpRequest(hub().url(location), "DELETE", token).status, 200); }},
      {"the speaker publishes again", {320, 180}, true, publish},
  });
}

}  // namespace
}  // namespace hallcast::test

