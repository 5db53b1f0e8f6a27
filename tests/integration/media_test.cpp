// The media path with real GStreamer: hall feeds in, HLS out, failover to the
// slate and back, health for technicians. Feeds come from pipelines started
// inside the test (an SRT encoder), like the halls' encoders.

#include <future>
#include <regex>
#include <set>
#include <thread>

#include "hallcast/v1/program.pb.h"
#include "support/child_process.h"
#include "support/gst_publisher.h"
#include "support/media_fixture.h"
#include "support/rtsp_server.h"
#include "support/http_client.h"

namespace hallcast::test {
namespace {

TEST_F(MediaTest, TheTestSourceIsPackagedAsPlayableHls) {
  startMediaHub();
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth(
      [](const auto& f) { return f.state() == v1::FEED_STATE_LIVE && f.segments() >= 2 && f.fps() > 0; }, 30s, &h))
      << h.DebugString();
  EXPECT_EQ(h.on_air(), "live");
  EXPECT_EQ(h.source_uri(), "test://");
  EXPECT_EQ(h.video_codec(), "h264");
  EXPECT_EQ(h.audio_codec(), "aac");
  EXPECT_FALSE(h.video_transcoded());
  EXPECT_EQ(h.width(), 480u);
  EXPECT_NEAR(h.fps(), 10, 2);
  EXPECT_GT(h.input_bitrate_bps(), 50'000);
  EXPECT_NEAR(h.keyframe_interval_seconds(), 2, 0.2);
  // The test tone: a sine at 5 % of full scale, in the room's stereo.
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.audio_rms_dbfs_size() == 2; }, 10s, &h)) << h.DebugString();
  EXPECT_NEAR(h.audio_peak_dbfs(0), -26, 3);  // 20·log10(0.05)
  EXPECT_NEAR(h.audio_rms_dbfs(0), -29, 3);   // and 3 dB less for a sine
  EXPECT_EQ(h.silence_seconds(), 0);

  const HttpResult r = httpRequest(hub().url("/live/main-forum/index.m3u8"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/vnd.apple.mpegurl");
  EXPECT_NE(r.headers.find("cache-control: no-cache"), std::string::npos);
  EXPECT_EQ(r.body.rfind("#EXTM3U\n", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("#EXT-X-TARGETDURATION:"), std::string::npos);
  EXPECT_NE(r.body.find("#EXT-X-PROGRAM-DATE-TIME:20"), std::string::npos);
  const auto names = segmentNames(r.body);
  ASSERT_FALSE(names.empty()) << r.body;
  const std::string probe = probeSegment(names.back());
  EXPECT_NE(probe.find("h264,480,270"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac"), std::string::npos) << probe;
  // What browsers decode: 8-bit 4:2:0 in the Baseline, Main or High profile
  // (left alone, x264enc encodes the test picture as High 4:4:4 10-bit).
  const std::string format = run("ffprobe -v error -select_streams v -show_entries stream=profile,pix_fmt -of csv=p=0 " +
                                 (dir_.path() / names.back()).string());
  EXPECT_TRUE(std::regex_search(format, std::regex("^(Constrained Baseline|Baseline|Main|High),yuv420p\\n")))
      << format;

  // A thumbnail of the room, for the monitor wall.
  ASSERT_TRUE(waitForHealth([](const auto& f) { return !f.snapshot().empty(); }, 20s, &h)) << h.DebugString();
  EXPECT_EQ(h.snapshot(), "/api/v1/rooms/main-forum/snapshot.jpg");
  const HttpResult jpeg = httpRequest(hub().url(h.snapshot()));
  EXPECT_EQ(jpeg.status, 200);
  EXPECT_EQ(jpeg.content_type, "image/jpeg");
  ASSERT_GT(jpeg.body.size(), 1000u);
  EXPECT_EQ(jpeg.body.substr(0, 3), "\xFF\xD8\xFF") << "not a JPEG";
  EXPECT_EQ(httpRequest(hub().url("/api/v1/rooms/backstage/snapshot.jpg")).status, 404);

  // The program and the metrics tell the same.
  const std::string program = httpRequest(hub().url("/api/v1/program")).body;
  EXPECT_NE(program.find("\"feedState\":\"FEED_STATE_LIVE\""), std::string::npos) << program;
  EXPECT_NE(program.find("\"status\":\"ROOM_STATUS_LIVE\""), std::string::npos) << program;
  EXPECT_NE(program.find("\"playlist\":\"/live/main-forum/index.m3u8\""), std::string::npos);
  const std::string metrics = httpRequest(hub().url("/metrics")).body;
  EXPECT_NE(metrics.find("hallcast_feed_state{room=\"main-forum\",state=\"live\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("hallcast_hls_segments_total{room=\"main-forum\"} "), std::string::npos);
  EXPECT_NE(metrics.find("hallcast_feed_audio_rms_dbfs{room=\"main-forum\",channel=\"0\"} -"), std::string::npos)
      << metrics;
}

// A room's playlists appear with its first segment, moments after the hub
// starts; the program lists the room at once. Asked meanwhile, they are
// 503 with Retry-After (which players retry; a 404 is final for hls.js),
// never 404. A hall encoder that does not send (the slate on air from the
// start) and 10-second segments without parts make "meanwhile" long.
TEST_F(MediaTest, APlaylistAskedBeforeTheRoomsFirstSegmentIsRetryLaterNeverNotFound) {
  std::string yaml = mediaEventYaml("      uri: srt://:" + std::to_string(freeUdpPort()) +
                                        "?mode=listener\n    ladder: [{height: 180, bitrate_kbps: 300}]\n",
                                    "  part_ms: 0\n");
  yaml = std::regex_replace(yaml, std::regex("segment_ms: 1000"), "segment_ms: 10000");
  startMediaHubWith(yaml);
  const std::vector<std::string> playlists{"/live/main-forum/index.m3u8", "/live/main-forum/master.m3u8",
                                           "/live/main-forum/180p/index.m3u8"};
  // (Asked at once: each is held a moment before the 503.)
  std::vector<std::future<HttpResult>> asked;
  for (const std::string& path : playlists) {
    asked.push_back(std::async(std::launch::async, [&, path] { return httpRequest(hub().url(path)); }));
  }
  for (std::size_t i = 0; i < playlists.size(); ++i) {
    const HttpResult r = asked[i].get();
    EXPECT_EQ(r.status, 503) << playlists[i] << ": " << r.body;
    EXPECT_EQ(r.header("retry-after"), "1") << playlists[i];
    EXPECT_NE(r.body.find("is starting: its stream has no segment yet"), std::string::npos) << r.body;
  }
  // What the room will never write, and a room there is not, are not found.
  EXPECT_EQ(httpRequest(hub().url("/live/main-forum/720p/index.m3u8")).status, 404);
  EXPECT_EQ(httpRequest(hub().url("/live/main-forum/other.m3u8")).status, 404);
  EXPECT_EQ(httpRequest(hub().url("/live/backstage/index.m3u8")).status, 404);
  // Each is 503 until it is there, then 200.
  for (const std::string& path : playlists) {
    std::set<long> seen;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    long status = 0;
    while (status != 200 && std::chrono::steady_clock::now() < deadline) {
      status = httpRequest(hub().url(path)).status;
      seen.insert(status);
      if (status != 200) std::this_thread::sleep_for(200ms);
    }
    EXPECT_EQ(status, 200) << path;
    EXPECT_EQ(seen.count(404), 0u) << path;
  }
}

TEST_F(MediaTest, AnSrtPushGoesOnAirFailsOverToTheSlateAndComesBack) {
  const int port = freeUdpPort();
  startMediaHub("      uri: srt://:" + std::to_string(port) + "?mode=listener\n");
  v1::FeedHealth h;
  // Nobody pushes yet: the slate is on air and the output runs.
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate" && f.segments() >= 1; }, 30s, &h))
      << h.DebugString();
  EXPECT_EQ(h.state(), v1::FEED_STATE_STARTING);
  // The session started an hour ago, but the hall is not on air: it has not begun for the audience.
  EXPECT_EQ(programStatus(), v1::ROOM_STATUS_UPCOMING);

  GstPublisher encoder(encoderPipeline("srtsink uri=srt://127.0.0.1:" + std::to_string(port) +
                                       "?mode=caller latency=100"));
  encoder.start();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE; }, 30s, &h))
      << h.DebugString();
  EXPECT_EQ(programStatus(), v1::ROOM_STATUS_LIVE);
  EXPECT_EQ(h.video_codec(), "h264");
  EXPECT_EQ(h.audio_codec(), "aac");
  EXPECT_EQ(h.width(), 320u);
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.fps() > 20 && f.input_bitrate_bps() > 100'000; },
                            10s, &h))
      << h.DebugString();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.newest_segment_age_seconds() >= 0; }, 10s));
  const uint64_t end_live = playlistEnd(playlist());

  // Two players nobody on the team wrote watch throughout: ffmpeg, decoding
  // 15 s of the stream (its progress says how far it got; only fatal errors
  // are logged — the last frame of an encoder killed mid-frame may not
  // decode, and its null muxer complains about the slate's other frame
  // rate), and GStreamer's HLS client.
  const std::string url = hub().url("/live/main-forum/index.m3u8");
  const auto progress = dir_.path() / "ffmpeg-progress.txt";
  ChildProcess ffmpeg({"ffmpeg", "-nostdin", "-v", "fatal", "-progress", progress.string(), "-i", url, "-t", "15",
                       "-f", "null", "-"},
                      dir_.path() / "ffmpeg-player.log");
  ChildProcess gstreamer({"gst-launch-1.0", "uridecodebin", "uri=" + url, "name=d", "d.", "!", "queue", "!",
                          "videoconvert", "!", "fakesink", "d.", "!", "queue", "!", "audioconvert", "!", "fakesink"},
                         dir_.path() / "gst-player.log");
  ffmpeg.start();
  gstreamer.start();

  // The hall's encoder goes away: the slate takes over and the playlist goes on.
  encoder.stop();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate"; }, 15s, &h)) << h.DebugString();
  EXPECT_TRUE(h.state() == v1::FEED_STATE_STANDBY || h.state() == v1::FEED_STATE_DOWN) << h.DebugString();
  EXPECT_EQ(programStatus(), v1::ROOM_STATUS_LIVE) << "a failure in the middle does not end the session";
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  std::string text = playlist();
  while (playlistEnd(text) < end_live + 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(300ms);
    text = playlist();
  }
  EXPECT_GE(playlistEnd(text), end_live + 3) << "the output stopped:\n" << text;
  EXPECT_NE(text.find("#EXT-X-DISCONTINUITY"), std::string::npos) << text;

  // It comes back: live again, by itself.
  encoder.start();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE; }, 30s, &h))
      << h.DebugString();
  EXPECT_GE(h.switches(), 2u);
  EXPECT_NE(probeSegment(segmentNames(playlist()).back()).find("h264"), std::string::npos);

  // The players never stopped: ffmpeg read its 15 s across the slate and
  // back without an error, and GStreamer is still playing.
  const auto ffmpeg_exit = ffmpeg.waitExit(30s);
  EXPECT_EQ(ffmpeg_exit, 0) << ffmpeg.log();
  EXPECT_EQ(ffmpeg.log(), "") << "ffmpeg reported fatal errors";
  const std::string report = readFile(progress);
  const std::size_t last = report.rfind("out_time_us=");
  ASSERT_NE(last, std::string::npos) << report;
  EXPECT_NE(report.find("progress=end", last), std::string::npos) << report.substr(last);
  EXPECT_GE(std::stoll(report.substr(last + 12)), 14'000'000) << "ffmpeg stopped early: " << report.substr(last);
  EXPECT_TRUE(gstreamer.running()) << gstreamer.log();
  EXPECT_EQ(gstreamer.log().find("ERROR"), std::string::npos) << gstreamer.log();
  gstreamer.stop();
}

TEST_F(MediaTest, AnUnreachableSourceIsDownAndRetriedWhileTheHubServes) {
  // Nothing listens on this port: the RTSP connection is refused.
  startMediaHub("      uri: rtsp://user:secret@127.0.0.1:" + std::to_string(freeUdpPort()) + "/cam\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_DOWN && f.reconnects() >= 1; },
                            30s, &h))
      << h.DebugString();
  EXPECT_EQ(h.on_air(), "slate");
  EXPECT_FALSE(h.last_error().empty());
  EXPECT_EQ(h.source_uri().find("secret"), std::string::npos) << "credentials leaked: " << h.source_uri();
  EXPECT_EQ(h.last_error().find("secret"), std::string::npos) << "credentials leaked: " << h.last_error();
  EXPECT_EQ(httpRequest(hub().url("/healthz")).status, 200);
  // Viewers still get a stream: the slate.
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.segments() >= 2; }, 20s, &h));
  auto client = greeted("Viewer");
  EXPECT_TRUE(client->join("main-forum").has_ack());
}

TEST(MediaConfig, ABadFeedUriIsAConfigErrorNamingTheRoomAndLine) {
  TempDir dir;
  const auto file = dir.write("bad.yaml", mediaEventYaml("      uri: hdmi://capture0\n"));
  const CommandResult r = runHallcast({"check-config", file.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(":11:12: rooms[0].feed.uri: room \"main-forum\": has an unknown scheme \"hdmi\""),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace hallcast::test

namespace hallcast::test {
namespace {

TEST_F(MediaTest, AnRtspCameraIsPulledAndGoesOnAir) {
  RtspServer camera("/hall-a", cameraLaunch());
  startMediaHub("      uri: " + camera.url() + "\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE && f.width() > 0; }, 30s,
                            &h))
      << h.DebugString();
  EXPECT_EQ(h.video_codec(), "h264");
  EXPECT_FALSE(h.video_transcoded());
  EXPECT_EQ(h.audio_codec(), "aac");
  EXPECT_EQ(h.width(), 320u);
  // The slate was on air before the camera answered; segments cut after
  // the switch carry the camera.
  const uint64_t at_switch = h.segments();
  ASSERT_TRUE(waitForHealth([&](const auto& f) { return f.segments() >= at_switch + 2; }, 20s, &h))
      << h.DebugString();
  // The camera's microphone is dead: technicians see it.
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.silence_seconds() >= 1.5; }, 20s, &h)) << h.DebugString();
  ASSERT_EQ(h.audio_rms_dbfs_size(), 2) << "the mono microphone, on air in stereo";
  EXPECT_LT(h.audio_rms_dbfs(0), -90);
  const std::string probe = probeSegment(segmentNames(playlist()).back());
  EXPECT_NE(probe.find("h264,320,180"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac"), std::string::npos) << probe;
}

TEST_F(MediaTest, AFileIsPlayedAsLiveLoopedAndTranscoded) {
  // A 3-second recording made here: MPEG-4 Part 2 video, which the hub
  // transcodes to H.264, and no audio at all, like many IP cameras: the
  // output still carries an audio track (silence) so that players and the
  // packager keep going.
  const auto file = dir_.path() / "replay.ts";
  GstPublisher recorder("videotestsrc num-buffers=75 ! video/x-raw,width=320,height=180,framerate=25/1 ! "
                        "avenc_mpeg4 ! mpeg4videoparse ! mpegtsmux ! filesink location=" + file.string());
  recorder.start();
  ASSERT_TRUE(recorder.waitForEnd());
  recorder.stop();
  ASSERT_GT(std::filesystem::file_size(file), 10000u);

  startMediaHub("      uri: file://" + file.string() + "\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE; }, 30s, &h))
      << h.DebugString();
  EXPECT_EQ(h.video_codec(), "mpeg4");
  EXPECT_TRUE(h.video_transcoded());
  EXPECT_EQ(h.audio_codec(), "");
  // At its end the file starts again: it loops, and the output goes on.
  ASSERT_TRUE(waitForHealth([&](const auto& f) { return f.reconnects() >= 1; }, 30s, &h)) << h.DebugString();
  // Two segments more: the newest is wholly of the second pass (the first
  // segments may hold the slate shown before the file was on air).
  const uint64_t at_loop = h.segments();
  ASSERT_TRUE(waitForHealth([&](const auto& f) { return f.segments() >= at_loop + 2; }, 30s, &h)) << h.DebugString();
  EXPECT_EQ(h.state(), v1::FEED_STATE_LIVE) << "a loop is not an outage: " << h.DebugString();
  EXPECT_EQ(h.on_air(), "live");
  EXPECT_EQ(h.last_error(), "");
  const std::string probe = probeSegment(segmentNames(playlist()).back());
  EXPECT_NE(probe.find("h264,320,180"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac"), std::string::npos) << "no audio track under a silent feed: " << probe;
}

}  // namespace
}  // namespace hallcast::test

namespace hallcast::test {
namespace {

TEST_F(MediaTest, ARecordedRoomIsWrittenToMp4FilesThatPlay) {
  // `record: true` sits next to the room's feed; files of 3 s for the test.
  startMediaHub("      uri: test://\n    record: true\n", "  recording_file_seconds: 3\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.recording_files() >= 3; }, 30s, &h)) << h.DebugString();
  EXPECT_EQ(hub().terminate(), 0);  // SIGTERM: the open file is finished too
  const auto dir = dir_.path() / "data" / "recordings" / "main-forum";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 3u);
  for (const auto& file : files) {
    ASSERT_EQ(file.extension(), ".mp4");
    const std::string probe = probeFile(file);
    EXPECT_NE(probe.find("h264,480,270"), std::string::npos) << file << ": " << probe;
    EXPECT_NE(probe.find("aac"), std::string::npos) << file << ": " << probe;
  }
  // A whole file holds about its 3 s (cut at the 2 s keyframes of the test feed).
  const std::string duration = run("ffprobe -v error -show_entries format=duration -of csv=p=0 " + files[1].string());
  EXPECT_GE(std::stod(duration), 1.5) << duration;
  EXPECT_LE(std::stod(duration), 4.5) << duration;
}

// A recorded room's session becomes a replay when it ends: its segments
// from the session in one VOD playlist that ffprobe reads whole, served
// after a restart as well; a room that is not recorded has none.
TEST_F(MediaTest, ARecordedSessionBecomesAReplayWhenItEnds) {
  // The session started a minute ago and ends in 15 s. What the replay
  // holds is judged from when the room was seen live (a slow machine takes
  // longer to start it), not from the configuration.
  const auto session_end = std::chrono::system_clock::now() + 15s;
  startMediaHubWith(withSessionFromNow(mediaEventYaml("      uri: test://\n    record: true\n"), -60'000, 15'000));
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE; }, 30s));
  const double live_for = std::chrono::duration<double>(session_end - std::chrono::system_clock::now()).count();
  EXPECT_EQ(programStatus(), v1::ROOM_STATUS_LIVE);
  EXPECT_EQ(httpRequest(hub().url("/replay/main-forum/index.m3u8")).status, 404) << "a replay once it has ended";

  const auto program = [&] {
    v1::Program p;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(httpRequest(hub().url("/api/v1/program")).body, &p).ok());
    return p.rooms(0);
  };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (program().replay().empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(250ms);
  const v1::Room ended = program();
  ASSERT_EQ(ended.status(), v1::ROOM_STATUS_ENDED);
  ASSERT_EQ(ended.replay(), "/replay/main-forum/index.m3u8");

  const HttpResult vod = httpRequest(hub().url(ended.replay()));
  ASSERT_EQ(vod.status, 200);
  EXPECT_EQ(vod.content_type, "application/vnd.apple.mpegurl");
  EXPECT_NE(vod.body.find("#EXT-X-PLAYLIST-TYPE:VOD"), std::string::npos) << vod.body;
  EXPECT_TRUE(vod.body.ends_with("#EXT-X-ENDLIST\n")) << vod.body;
  std::size_t segments = 0;
  for (std::size_t at_line = vod.body.find("#EXTINF"); at_line != std::string::npos;
       at_line = vod.body.find("#EXTINF", at_line + 1)) {
    ++segments;
  }
  EXPECT_GE(segments, 1u) << vod.body;
  // A player nobody on the team wrote reads it whole: about the time the
  // room was on air in the session (1 s segments, cut where it began and ended).
  const std::string probe = run("ffprobe -v error -show_entries format=duration:stream=codec_name -of csv=p=0 " +
                                hub().url(ended.replay()));
  EXPECT_NE(probe.find("h264"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac"), std::string::npos) << probe;
  const double seconds = std::stod(probe.substr(probe.find_last_of('\n', probe.size() - 2) + 1));
  EXPECT_GE(seconds, live_for - 3) << probe;
  EXPECT_LE(seconds, 18.0) << probe;

  // After a restart the replay is the same, and nothing is added to it.
  hub().kill9();
  hub().start();
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(httpRequest(hub().url(ended.replay())).body, vod.body);
  EXPECT_EQ(program().replay(), ended.replay());
  EXPECT_EQ(httpRequest(hub().url("/replay/nowhere/index.m3u8")).status, 404);
}

// A booth with a feed of its own is a room with a pipeline (health, HLS);
// one without has neither, only its chat.
TEST_F(MediaTest, ABoothWithAFeedStreamsAndOneWithoutDoesNot) {
  // The main forum's feed, then the exhibition with its booths (rooms of the same list).
  startMediaHub("      uri: test://\n" + withSessionFromNow(R"(  - id: expo
    kind: exhibition
    title: {en: Expo, zh: 展览}
    schedule: {}
    booths:
      - {id: booth-camera, name: {en: Camera Booth, zh: 摄像展位}, feed: {uri: "test://"}}
      - {id: booth-quiet, name: {en: Quiet Booth, zh: 安静展位}}
)",
                                                                     -3'600'000, 30 * 3'600'000));
  const auto report = [&] {
    v1::HealthReport r;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(httpRequest(hub().url("/api/v1/health")).body, &r).ok());
    return r;
  };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  const auto live = [](const v1::HealthReport& r, const std::string& room) {
    for (const auto& f : r.feeds()) {
      if (f.room_id() == room) return f.state() == v1::FEED_STATE_LIVE && f.segments() >= 1;
    }
    return false;
  };
  v1::HealthReport r = report();
  while (!live(r, "booth-camera") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(250ms);
    r = report();
  }
  ASSERT_TRUE(live(r, "booth-camera")) << r.DebugString();
  std::set<std::string> fed;
  for (const auto& f : r.feeds()) fed.insert(f.room_id());
  EXPECT_EQ(fed, (std::set<std::string>{"main-forum", "expo", "booth-camera"})) << "no pipeline for a booth without a feed";

  v1::Program program;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(httpRequest(hub().url("/api/v1/program")).body, &program).ok());
  ASSERT_EQ(program.rooms_size(), 4);
  EXPECT_EQ(program.rooms(2).id(), "booth-camera");
  EXPECT_EQ(program.rooms(2).playlist(), "/live/booth-camera/index.m3u8");
  EXPECT_EQ(program.rooms(3).playlist(), "") << "a booth without a feed has no stream";
  const HttpResult playlist = httpRequest(hub().url("/live/booth-camera/index.m3u8"));
  EXPECT_EQ(playlist.status, 200);
  EXPECT_NE(playlist.body.find("#EXTINF"), std::string::npos) << playlist.body;
}

}  // namespace
}  // namespace hallcast::test
