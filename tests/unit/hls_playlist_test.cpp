#include "room/hls_playlist.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

// Program date-times are input here, fixed instants rendered to fixed text:
// nothing reads the clock, so the tests pass on any day.
HlsSegment segment(int n, int64_t ms, bool discont = false) {
  return {"seg" + std::to_string(n) + ".ts", ms * 1'000'000, 1796691600000 + n * 2000, discont};
}

TEST(HlsPlaylist, RendersAnRfc8216LivePlaylist) {
  HlsPlaylist p(2'000'000'000, 3);
  p.add(segment(0, 2000));
  p.add(segment(1, 1960));
  EXPECT_EQ(p.render(),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:00.000Z\n#EXTINF:2.000,\nseg0.ts\n"
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:02.000Z\n#EXTINF:1.960,\nseg1.ts\n");
}

TEST(HlsPlaylist, SlidesItsWindowAndCountsDiscontinuities) {
  HlsPlaylist p(2'000'000'000, 2);
  EXPECT_TRUE(p.add(segment(0, 2000)).empty());
  p.add(segment(1, 2000, true));
  EXPECT_EQ(p.add(segment(2, 2000)), std::vector<std::string>{"seg0.ts"});
  EXPECT_EQ(p.mediaSequence(), 1u);
  std::string text = p.render();
  EXPECT_NE(text.find("#EXT-X-MEDIA-SEQUENCE:1\n"), std::string::npos);
  EXPECT_NE(text.find("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:02.000Z"),
            std::string::npos);
  EXPECT_EQ(text.find("DISCONTINUITY-SEQUENCE"), std::string::npos);
  p.add(segment(3, 2000));  // the discontinuous segment leaves
  EXPECT_NE(p.render().find("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), std::string::npos);
}

// Found by hls_playlist_fuzzer (tests/fuzz/corpus/hls_playlist/crash-*):
// what a wrong clock or a broken stream hands the writer.
TEST(HlsPlaylist, AClockGoneWrongStillWritesDatesPlayersCanParse) {
  HlsPlaylist p(2'000'000'000, 3);
  p.add({"a.ts", 2'000'000'000, -72216638'000'000'383, false});  // before 1970: was "-72216638-06-20T23:37:59.-383Z"
  p.add({"b.ts", 2'000'000'000, INT64_MAX, false});
  const std::string text = p.render();
  EXPECT_NE(text.find("#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#EXT-X-PROGRAM-DATE-TIME:9999-12-31T23:59:59.999Z\n"), std::string::npos) << text;
}

TEST(HlsPlaylist, TheTargetDurationCoversEachExtinfAsWrittenAndRounded) {
  HlsPlaylist p(2'000'000'000, 3);
  // 2.4996 s is written 2.500, which a player rounds to 3: the target must
  // say 3 (it said 2, from the unwritten 2.4996).
  p.add({"a.ts", 2'499'600'000, 1796691600000, false});
  p.add({"b.ts", -5, 1796691602000, false});  // a negative duration is written 0
  const std::string text = p.render();
  EXPECT_NE(text.find("#EXT-X-TARGETDURATION:3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#EXTINF:2.500,\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#EXTINF:0.000,\nb.ts"), std::string::npos) << text;
}

TEST(HlsPlaylist, ASegmentNameIsWrittenAsOneUriLine) {
  HlsPlaylist p(2'000'000'000, 3);
  p.add({"#seg 1\n.ts", 2'000'000'000, 1796691600000, false});
  EXPECT_NE(p.render().find("\n%23seg%201%0A.ts\n"), std::string::npos) << p.render();
}

TEST(HlsPlaylist, TargetDurationCoversTheLongestSegment) {
  HlsPlaylist p(2'000'000'000, 5);
  p.add(segment(0, 3600));  // a late keyframe made a long segment
  EXPECT_NE(p.render().find("#EXT-X-TARGETDURATION:4\n"), std::string::npos);
  // Blocking reloads are held for three of what the playlist says.
  EXPECT_EQ(p.position().target_duration_ns, 4'000'000'000);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

TEST(MasterPlaylist, ListsEachVariantWithBandwidthResolutionAndCodecs) {
  EXPECT_EQ(renderMasterPlaylist({{"index.m3u8", 2'000'000, 1280, 720, "avc1.64001f"},
                                  {"360p/index.m3u8", 1'050'000, 640, 360, "avc1.42c01e"},
                                  {"180p/index.m3u8", 450'000, 0, 180, ""}}),
            "#EXTM3U\n#EXT-X-VERSION:3\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\"\n"
            "index.m3u8\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=1050000,RESOLUTION=640x360,CODECS=\"avc1.42c01e,mp4a.40.2\"\n"
            "360p/index.m3u8\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=450000\n"
            "180p/index.m3u8\n");
}

TEST(MasterPlaylist, ListsTheAudioRenditionsAndEveryVariantNamesTheirGroup) {
  // The hall's own sound is in the variants (no URI); each interpretation
  // channel has a playlist of its own (RFC 8216 §4.3.4.1).
  EXPECT_EQ(renderMasterPlaylist({{"index.m3u8", 2'000'000, 1280, 720, "avc1.64001f"}},
                                 {{"Original", "zh", "", 0, true},
                                  {"English", "en", "audio-en/index.m3u8", 1, false},
                                  {"Fran\"çais\n", "fr", "audio-fr/index.m3u8", 1, false}}),
            "#EXTM3U\n#EXT-X-VERSION:3\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"Original\",LANGUAGE=\"zh\",DEFAULT=YES,AUTOSELECT=YES\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,"
            "CHANNELS=\"1\",URI=\"audio-en/index.m3u8\"\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"Français\",LANGUAGE=\"fr\",DEFAULT=NO,AUTOSELECT=YES,"
            "CHANNELS=\"1\",URI=\"audio-fr/index.m3u8\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\",AUDIO=\"aud\"\n"
            "index.m3u8\n");
}

TEST(MasterPlaylist, TakesTheCodecFromTheFirstSps) {
  // An access unit delimiter, then an SPS (High, level 3.0) and a PPS.
  const uint8_t au[] = {0, 0, 0, 1, 0x09, 0x10, 0, 0, 0, 1, 0x67, 0x64, 0x00, 0x1e, 0xac, 0xd9,
                        0, 0, 0, 1, 0x68, 0xeb, 0xe3, 0xcb};
  EXPECT_EQ(avcCodecString(au, sizeof au).value_or("none"), "avc1.64001e");
  const uint8_t no_sps[] = {0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x33, 0xff};
  EXPECT_FALSE(avcCodecString(no_sps, sizeof no_sps));
  EXPECT_FALSE(avcCodecString(au, 12));  // cut short inside the SPS
}

TEST(MasterPlaylist, ScalesToAnEvenWidthThatKeepsTheAspect) {
  EXPECT_EQ(scaledEvenWidth(480, 270, 1, 1, 180), 320u);
  EXPECT_EQ(scaledEvenWidth(1920, 1080, 1, 1, 360), 640u);
  EXPECT_EQ(scaledEvenWidth(1280, 720, 1, 1, 144), 256u);
  EXPECT_EQ(scaledEvenWidth(720, 576, 16, 15, 360), 480u);  // PAL 4:3: square pixels
  EXPECT_EQ(scaledEvenWidth(640, 480, 1, 1, 270), 360u);
  EXPECT_EQ(scaledEvenWidth(1000, 562, 1, 1, 144), 256u);   // 256.2 → even
  EXPECT_EQ(scaledEvenWidth(0, 0, 1, 1, 360), 0u);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

constexpr int64_t kPartNs = 334'000'000;

// A low-latency playlist: segments of 2 s in parts of ~1/3 s.
HlsPlaylist lowLatency(int segments, int open_parts, std::size_t window = 6) {
  HlsPlaylist p(2'000'000'000, window, kPartNs);
  int n = 0;
  for (int s = 0; s < segments; ++s) {
    for (int i = 0; i < 6; ++i) {
      p.addPart({"p" + std::to_string(n) + ".ts", i < 5 ? 333'333'333 : 333'333'335, i == 0}, 1796691600000 + s * 2000,
                false, "p" + std::to_string(n + 1) + ".ts");
      ++n;
    }
    p.add({"s" + std::to_string(s) + ".ts", 2'000'000'000, 1796691600000 + s * 2000, false});
  }
  for (int i = 0; i < open_parts; ++i, ++n) {
    p.addPart({"p" + std::to_string(n) + ".ts", 333'333'333, i == 0}, 1796691600000 + segments * 2000, false,
              "p" + std::to_string(n + 1) + ".ts");
  }
  return p;
}

TEST(LowLatencyHlsPlaylist, ListsRecentPartsTheOpenSegmentAndAPreloadHint) {
  const std::string text = lowLatency(4, 2).render();
  EXPECT_EQ(text.rfind("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
                       "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.002\n"
                       "#EXT-X-PART-INF:PART-TARGET=0.334\n#EXT-X-MEDIA-SEQUENCE:0\n",
                       0),
            0u)
      << text;
  // Parts within three target durations (6 s) of the end: those of the
  // open segment (0.67 s) and of the last three segments; s0 by itself.
  EXPECT_EQ(text.find("p5.ts"), std::string::npos) << text;
  EXPECT_NE(text.find("#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:02.000Z\n"
                      "#EXT-X-PART:DURATION=0.333,URI=\"p6.ts\",INDEPENDENT=YES\n"
                      "#EXT-X-PART:DURATION=0.333,URI=\"p7.ts\"\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#EXT-X-PART:DURATION=0.333,URI=\"p23.ts\"\n#EXTINF:2.000,\ns3.ts\n"
                      "#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:08.000Z\n"
                      "#EXT-X-PART:DURATION=0.333,URI=\"p24.ts\",INDEPENDENT=YES\n"
                      "#EXT-X-PART:DURATION=0.333,URI=\"p25.ts\"\n"
                      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p26.ts\"\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(LowLatencyHlsPlaylist, PartTargetCoversTheLongestPartAsWritten) {
  HlsPlaylist p(2'000'000'000, 6, kPartNs);
  p.addPart({"a.ts", 340'400'000, true}, 0, false, "b.ts");
  EXPECT_NE(p.render().find("#EXT-X-PART-INF:PART-TARGET=0.340\n"), std::string::npos) << p.render();
  EXPECT_NE(p.render().find("PART-HOLD-BACK=1.020\n"), std::string::npos);
}

TEST(LowLatencyHlsPlaylist, SegmentsLeavingTheWindowTakeTheirParts) {
  HlsPlaylist p = lowLatency(6, 0, 6);
  p.addPart({"n0.ts", kPartNs, true}, 0, false, "n1.ts");
  const std::vector<std::string> removed = p.add({"s6.ts", 2'000'000'000, 0, false});
  EXPECT_EQ(removed, (std::vector<std::string>{"s0.ts", "p0.ts", "p1.ts", "p2.ts", "p3.ts", "p4.ts", "p5.ts"}));
}

TEST(LowLatencyHlsPlaylist, PlainPlaylistsHaveNoLowLatencyTags) {
  HlsPlaylist p(2'000'000'000, 3);
  p.addPart({"a.ts", kPartNs, true}, 0, false, "b.ts");
  p.add({"s.ts", 2'000'000'000, 0, false});
  const std::string text = p.render();
  for (const char* tag : {"PART", "SERVER-CONTROL", "PRELOAD-HINT"}) EXPECT_EQ(text.find(tag), std::string::npos) << text;
}

// RFC 8216bis §6.2.5.2 on a playlist with segments 0-3 finished (six parts
// each) and two parts of segment 4.
TEST(BlockingReload, AnswersWhatThePlaylistHoldsWaitsForWhatComesAndRefusesTheFarFuture) {
  const HlsPosition at = lowLatency(4, 2).position();
  EXPECT_EQ(at.openSequence(), 4u);
  EXPECT_EQ(at.preload_hint, "p26.ts");
  EXPECT_EQ(blockingReload(at, 3, std::nullopt), ReloadState::kReady);
  EXPECT_EQ(blockingReload(at, 4, std::nullopt), ReloadState::kWait);  // a whole segment 4
  EXPECT_EQ(blockingReload(at, 4, 1), ReloadState::kReady);
  EXPECT_EQ(blockingReload(at, 4, 2), ReloadState::kWait);  // the next part: what players ask
  EXPECT_EQ(blockingReload(at, 3, 6), ReloadState::kReady);  // past segment 3's last part: part 0 of 4
  EXPECT_EQ(blockingReload(at, 0, 0), ReloadState::kReady);  // old: the whole playlist at once
  EXPECT_EQ(blockingReload(at, 5, 0), ReloadState::kWait);
  EXPECT_EQ(blockingReload(at, 5, std::nullopt), ReloadState::kWait);
  // More than two segments past the last finished one (3).
  EXPECT_EQ(blockingReload(at, 6, std::nullopt), ReloadState::kTooFar);
  // The Advance Part Limit: 3 / 0.334 s, 8 parts past the last (part 1).
  EXPECT_EQ(blockingReload(at, 4, 9), ReloadState::kWait);
  EXPECT_EQ(blockingReload(at, 4, 10), ReloadState::kTooFar);
  EXPECT_EQ(blockingReload(at, 5, 8), ReloadState::kTooFar);
}

}  // namespace
}  // namespace hallcast

#include "room/rendition_reports.h"

namespace hallcast {
namespace {

TEST(RenditionReports, EachPlaylistListsTheOthersLastPartRelativeToItself) {
  EXPECT_EQ(relativeUri("room/index.m3u8", "room/360p/index.m3u8"), "360p/index.m3u8");
  EXPECT_EQ(relativeUri("room/360p/index.m3u8", "room/index.m3u8"), "../index.m3u8");
  EXPECT_EQ(relativeUri("room/360p/index.m3u8", "room/180p/index.m3u8"), "../180p/index.m3u8");
  RenditionReports reports;
  reports.set("room/index.m3u8", lowLatency(4, 2).position());   // segment 4, part 1
  reports.set("room/180p/index.m3u8", lowLatency(3, 0).position());  // segment 2's last part, 5
  const auto seen = reports.others("room/180p/index.m3u8");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].uri, "../index.m3u8");
  EXPECT_EQ(seen[0].last_msn, 4u);
  EXPECT_EQ(seen[0].last_part, 1u);
  const std::string text = lowLatency(4, 2).render(reports.others("room/index.m3u8"));
  EXPECT_NE(text.find("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p26.ts\"\n"
                      "#EXT-X-RENDITION-REPORT:URI=\"180p/index.m3u8\",LAST-MSN=2,LAST-PART=5\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace hallcast
