// Simultaneous interpretation (rooms[].interpretation): each interpreter
// booth's audio is an alternate audio rendition of the room's master
// playlist, aligned with the video segment for segment, with its level in
// health and an alert when a booth is off air or silent. A GStreamer
// sender stands in for a booth's SRT encoder; ffprobe, a player nobody on
// the team wrote, reads the master playlist.

#include <map>
#include <regex>
#include <thread>

#include "support/gst_publisher.h"
#include "support/hub_process.h"
#include "support/ll_hls_playlist.h"
#include "support/media_fixture.h"

namespace hallcast::test {
namespace {

class InterpretationTest : public MediaTest {
 protected:
  // The main forum speaks Chinese; English comes from a booth's SRT
  // encoder (a listener on `port`), German from a test tone.
  void startInterpretedHub(int port) {
    startMediaHub("      uri: test://\n"
                  "    language: zh\n"
                  "    interpretation:\n"
                  "      - {lang: en, uri: \"srt://:" + std::to_string(port) + "?mode=listener\"}\n"
                  "      - {lang: de, uri: \"test://\"}\n",
                  "  alerts: {silence_seconds: 2}\n");
  }

  std::string get(const std::string& path) { return httpRequest(hub().url(path)).body; }

  const v1::InterpretationHealth* channel(const v1::FeedHealth& h, const std::string& language) {
    for (const auto& c : h.interpretation()) {
      if (c.language() == language) return &c;
    }
    return nullptr;
  }

  // The active alerts of the kind for `language`.
  std::vector<v1::Alert> interpretationAlerts(const std::string& language) {
    v1::HealthReport report;
    const std::string body = get("/api/v1/health");
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &report).ok()) << body;
    std::vector<v1::Alert> out;
    for (const auto& a : report.alerts()) {
      if (a.kind() == v1::ALERT_KIND_INTERPRETATION_SILENT && a.channel() == language) out.push_back(a);
    }
    return out;
  }

  bool waitFor(const std::function<bool()>& done, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(250ms);
    }
    return true;
  }

  // Each segment's media sequence number -> its program date-time (ms).
  static std::map<uint64_t, int64_t> datesBySequence(const std::string& text) {
    std::map<uint64_t, int64_t> out;
    const MediaPlaylist p = parseMediaPlaylist(text);
    const std::regex date(R"(#EXT-X-PROGRAM-DATE-TIME:(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z)");
    uint64_t msn = p.media_sequence;
    std::size_t listed = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), date);
         it != std::sregex_iterator() && listed < p.segments.size(); ++it, ++listed) {
      const auto& m = *it;
      std::tm tm{};
      tm.tm_year = std::stoi(m[1]) - 1900;
      tm.tm_mon = std::stoi(m[2]) - 1;
      tm.tm_mday = std::stoi(m[3]);
      tm.tm_hour = std::stoi(m[4]);
      tm.tm_min = std::stoi(m[5]);
      tm.tm_sec = std::stoi(m[6]);
      out[msn++] = static_cast<int64_t>(timegm(&tm)) * 1000 + std::stoi(m[7]);
    }
    return out;
  }

  static std::string tag(const std::string& text, const std::string& name) {
    std::smatch m;
    return std::regex_search(text, m, std::regex("#" + name + ":([^\\n]*)")) ? std::string(m[1]) : std::string();
  }

  // The rendition at `path` is aligned with the video's: the segments both
  // list have the same numbers and program date-times (within an audio
  // frame), the same discontinuity sequence and target duration. Read
  // until both playlists are read between two segments.
  void expectAligned(const std::string& path) {
    bool compared = false;
    for (int attempt = 0; attempt < 20 && !compared; ++attempt) {
      const std::string video = get("/live/main-forum/index.m3u8");
      const std::string audio = get(path);
      const auto v = datesBySequence(video), a = datesBySequence(audio);
      if (v.empty() || a.empty() || v.begin()->first != a.begin()->first || v.size() != a.size()) {
        std::this_thread::sleep_for(150ms);
        continue;
      }
      compared = true;
      for (const auto& [msn, ms] : v) {
        ASSERT_TRUE(a.contains(msn)) << msn;
        EXPECT_NEAR(static_cast<double>(a.at(msn)), static_cast<double>(ms), 25) << path << " segment " << msn;
      }
      EXPECT_EQ(tag(audio, "EXT-X-DISCONTINUITY-SEQUENCE"), tag(video, "EXT-X-DISCONTINUITY-SEQUENCE")) << audio;
      EXPECT_EQ(tag(audio, "EXT-X-TARGETDURATION"), tag(video, "EXT-X-TARGETDURATION"));
      // Every audio part can be started at.
      for (const auto& parts : parseMediaPlaylist(audio).segment_parts) {
        for (const auto& part : parts) EXPECT_TRUE(part.independent) << part.uri;
      }
    }
    EXPECT_TRUE(compared) << "the rendition never listed the video's segments: " << get(path);
  }
};

TEST_F(InterpretationTest, BoothsAreAudioRenditionsAlignedWithTheVideoWithTheirLevelAndAnAlertWhenOffAir) {
  const int port = freeUdpPort();
  startInterpretedHub(port);

  // The master playlist lists the hall's sound (in the variant) and each
  // booth's playlist, in one group every variant names.
  std::string master;
  ASSERT_TRUE(waitFor([&] { return (master = get("/live/main-forum/master.m3u8")).find("#EXTM3U") == 0; }, 30s))
      << master;
  EXPECT_NE(master.find("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"Original\",LANGUAGE=\"zh\",DEFAULT=YES,"
                        "AUTOSELECT=YES\n"),
            std::string::npos) << master;
  EXPECT_NE(master.find("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,"
                        "AUTOSELECT=YES,CHANNELS=\"1\",URI=\"audio-en/index.m3u8\"\n"),
            std::string::npos) << master;
  EXPECT_NE(master.find("NAME=\"Deutsch\",LANGUAGE=\"de\""), std::string::npos) << master;
  EXPECT_NE(master.find(",AUDIO=\"aud\"\nindex.m3u8\n"), std::string::npos) << master;
  const std::string program = get("/api/v1/program");
  EXPECT_NE(program.find("\"masterPlaylist\":\"/live/main-forum/master.m3u8\""), std::string::npos) << program;
  EXPECT_NE(program.find("\"language\":\"zh\""), std::string::npos) << program;
  EXPECT_NE(program.find("{\"language\":\"en\",\"name\":\"English\"}"), std::string::npos) << program;

  // ffprobe plays the master playlist: the video and three audio streams,
  // tagged with their languages.
  const std::string probe =
      run("timeout 30 ffprobe -v error -show_entries stream=codec_name,channels:stream_tags=language -of csv=p=0 " +
          hub().url("/live/main-forum/master.m3u8"));
  EXPECT_NE(probe.find("h264"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac,1,en"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac,1,de"), std::string::npos) << probe;
  EXPECT_NE(probe.find(",zh"), std::string::npos) << probe;

  // No booth on the English channel yet: silence keeps its rendition going
  // and aligned, health says so, and (the hall being live) an alert names it.
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth(
      [&](const v1::FeedHealth& f) {
        const auto* en = channel(f, "en");
        const auto* de = channel(f, "de");
        return f.state() == v1::FEED_STATE_LIVE && en && de && de->state() == v1::FEED_STATE_LIVE &&
               en->state() != v1::FEED_STATE_LIVE && en->segments() >= 2 && !de->audio_rms_dbfs().empty();
      },
      30s, &h))
      << h.DebugString();
  EXPECT_EQ(channel(h, "en")->playlist(), "/live/main-forum/audio-en/index.m3u8");
  EXPECT_GT(channel(h, "de")->audio_rms_dbfs(0), -50) << "the test tone is heard";
  expectAligned("/live/main-forum/audio-en/index.m3u8");
  expectAligned("/live/main-forum/audio-de/index.m3u8");
  ASSERT_TRUE(waitFor([&] { return !interpretationAlerts("en").empty(); }, 20s));
  const v1::Alert alert = interpretationAlerts("en").front();
  EXPECT_EQ(alert.severity(), v1::SEVERITY_WARNING);
  EXPECT_NE(alert.message().find("English (en) interpretation is off air"), std::string::npos) << alert.message();
  EXPECT_TRUE(interpretationAlerts("de").empty());
  EXPECT_NE(get("/metrics").find("hallcast_interpretation_on_air{room=\"main-forum\",language=\"en\"} 0"),
            std::string::npos);

  // The interpreter's encoder connects (a voice: 300 Hz, AAC in MPEG-TS
  // over SRT): on air, with its level, the alert cleared.
  GstPublisher booth("audiotestsrc is-live=true freq=300 volume=0.3 ! audioconvert ! avenc_aac ! aacparse ! "
                     "mpegtsmux alignment=7 ! srtsink uri=srt://127.0.0.1:" +
                     std::to_string(port) + "?mode=caller latency=100");
  booth.start();
  ASSERT_TRUE(waitForHealth(
      [&](const v1::FeedHealth& f) {
        const auto* en = channel(f, "en");
        return en && en->state() == v1::FEED_STATE_LIVE && en->audio_codec() == "aac" &&
               !en->audio_rms_dbfs().empty() && en->audio_rms_dbfs(0) > -30;
      },
      30s, &h))
      << h.DebugString();
  ASSERT_TRUE(waitFor([&] { return interpretationAlerts("en").empty(); }, 10s));
  // Its segments carry the booth's audio: AAC, mono, 48 kHz, as every channel.
  const std::string audio_playlist = get("/live/main-forum/audio-en/index.m3u8");
  const MediaPlaylist parsed = parseMediaPlaylist(audio_playlist);
  ASSERT_FALSE(parsed.segments.empty()) << audio_playlist;
  const HttpResult segment = httpRequest(hub().url("/live/main-forum/audio-en/" + parsed.segments.back()));
  ASSERT_EQ(segment.status, 200);
  const auto file = dir_.path() / "en.ts";
  std::ofstream(file, std::ios::binary) << segment.body;
  const std::string streams =
      run("ffprobe -v error -show_entries stream=codec_type,codec_name,sample_rate,channels -of csv=p=0 " + file.string());
  EXPECT_NE(streams.find("aac,audio,48000,1"), std::string::npos) << streams;
  EXPECT_EQ(streams.find("video"), std::string::npos) << streams;
  expectAligned("/live/main-forum/audio-en/index.m3u8");

  // The booth drops out: silence takes over without a gap in the sequence.
  booth.stop();
  const uint64_t before = playlistEnd(get("/live/main-forum/audio-en/index.m3u8"));
  ASSERT_TRUE(waitForHealth(
      [&](const v1::FeedHealth& f) {
        const auto* en = channel(f, "en");
        return en && en->state() != v1::FEED_STATE_LIVE;
      },
      20s, &h))
      << h.DebugString();
  ASSERT_TRUE(waitFor([&] { return playlistEnd(get("/live/main-forum/audio-en/index.m3u8")) >= before + 3; }, 20s));
  expectAligned("/live/main-forum/audio-en/index.m3u8");
  ASSERT_TRUE(waitFor([&] { return !interpretationAlerts("en").empty(); }, 20s));
}

TEST_F(InterpretationTest, AnInterpretedSessionsReplayKeepsItsAudioLanguages) {
  // Recorded; the session started a minute ago and ends in 10 s.
  startMediaHubWith(withSessionFromNow(mediaEventYaml("      uri: test://\n    record: true\n    language: zh\n"
                                                      "    interpretation:\n      - {lang: en, uri: \"test://\"}\n"),
                                       -60'000, 10'000));
  v1::Program program;
  ASSERT_TRUE(waitFor(
      [&] {
        program.Clear();
        return google::protobuf::util::JsonStringToMessage(get("/api/v1/program"), &program).ok() &&
               !program.rooms(0).replay().empty();
      },
      40s));
  ASSERT_EQ(program.rooms(0).replay(), "/replay/main-forum/master.m3u8");

  // The replay's master lists the English channel's replay beside the hall's sound.
  const std::string master = get("/replay/main-forum/master.m3u8");
  EXPECT_NE(master.find("NAME=\"Original\",LANGUAGE=\"zh\",DEFAULT=YES"), std::string::npos) << master;
  EXPECT_NE(master.find("NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,CHANNELS=\"1\","
                        "URI=\"audio-en/index.m3u8\""),
            std::string::npos) << master;
  EXPECT_NE(master.find(",AUDIO=\"aud\"\nindex.m3u8\n"), std::string::npos) << master;
  EXPECT_EQ(master.find("BANDWIDTH=0"), std::string::npos) << master;
  // Both are whole sessions, segment for segment.
  const std::string video = get("/replay/main-forum/index.m3u8");
  const std::string audio = get("/replay/main-forum/audio-en/index.m3u8");
  for (const std::string* vod : {&video, &audio}) {
    EXPECT_NE(vod->find("#EXT-X-PLAYLIST-TYPE:VOD"), std::string::npos) << *vod;
    EXPECT_TRUE(vod->ends_with("#EXT-X-ENDLIST\n")) << *vod;
  }
  const auto video_segments = parseMediaPlaylist(video).segments.size();
  const auto audio_segments = parseMediaPlaylist(audio).segments.size();
  EXPECT_GE(video_segments, 3u) << video;
  EXPECT_NEAR(static_cast<double>(audio_segments), static_cast<double>(video_segments), 1) << audio;
  const std::string probe = run("timeout 30 ffprobe -v error -show_entries stream=codec_name,channels:stream_tags=language "
                                "-of csv=p=0 " + hub().url("/replay/main-forum/master.m3u8"));
  EXPECT_NE(probe.find("h264"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac,1,en"), std::string::npos) << probe;
}

TEST_F(InterpretationTest, ARoomWithoutInterpretationHasNone) {
  startMediaHub("      uri: test://\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const v1::FeedHealth& f) { return f.segments() >= 1; }, 30s, &h)) << h.DebugString();
  EXPECT_EQ(h.interpretation_size(), 0);
  EXPECT_EQ(h.master_playlist(), "");
  EXPECT_EQ(httpRequest(hub().url("/live/main-forum/master.m3u8")).status, 404);
  v1::Program program;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(get("/api/v1/program"), &program).ok());
  EXPECT_EQ(program.rooms(0).interpretation_size(), 0);
  EXPECT_EQ(program.rooms(0).language(), "");
}

}  // namespace
}  // namespace hallcast::test
