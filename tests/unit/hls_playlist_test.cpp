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

TEST(HlsPlaylist, TargetDurationCoversTheLongestSegment) {
  HlsPlaylist p(2'000'000'000, 5);
  p.add(segment(0, 3600));  // a late keyframe made a long segment
  EXPECT_NE(p.render().find("#EXT-X-TARGETDURATION:4\n"), std::string::npos);
}

}  // namespace
}  // namespace hallcast
