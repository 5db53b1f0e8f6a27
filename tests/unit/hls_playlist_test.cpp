#include "room/hls_playlist.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

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
