// ReplayArchive: which segments a session keeps, the playlist it writes
// once the session is over, and what a restart finds again.

#include "room/replay_archive.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace hallcast {
namespace {

constexpr int64_t kStart = 1'796'691'600'000;  // 2026-12-08T01:00:00Z
constexpr int64_t kEnd = kStart + 10'000;

HlsSegment at(int64_t ms, bool discontinuity = false) {
  HlsSegment s;
  s.uri = "seg.ts";
  s.duration_ns = 2'000'000'000;
  s.program_date_time_ms = ms;
  s.discontinuity = discontinuity;
  return s;
}

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ReplayArchive, KeepsTheSessionsSegmentsAndWritesAVodPlaylistWhenItIsOver) {
  test::TempDir tmp;
  const auto live = tmp.write("live.ts", "TS");
  const auto dir = tmp.path() / "replay";
  ReplayArchive archive("main-forum", dir, {kStart, kEnd}, kStart - 5'000);
  archive.add(at(kStart - 2'000), live);  // before the session: not kept
  archive.add(at(kStart), live);
  archive.add(at(kStart + 2'000), live);
  EXPECT_EQ(archive.size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(dir / "index.m3u8")) << "no replay before the end";
  archive.add(at(kEnd), live);  // after it: the session is over
  EXPECT_TRUE(archive.ended());
  EXPECT_EQ(read(dir / "index.m3u8"),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
            "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:00.000Z\n#EXTINF:2.000,\n1796691600000-2000000.ts\n"
            "#EXT-X-PROGRAM-DATE-TIME:2026-12-08T01:00:02.000Z\n#EXTINF:2.000,\n1796691602000-2000000.ts\n"
            "#EXT-X-ENDLIST\n");
  EXPECT_EQ(read(dir / "1796691600000-2000000.ts"), "TS");
}

TEST(ReplayArchive, ARestartFindsItsSegmentsAndMarksTheGap) {
  test::TempDir tmp;
  const auto live = tmp.write("live.ts", "TS");
  const auto dir = tmp.path() / "replay";
  {
    ReplayArchive first("main-forum", dir, {kStart, kEnd}, kStart);
    first.add(at(kStart), live);
  }
  ReplayArchive again("main-forum", dir, {kStart, kEnd}, kStart + 5'000);
  EXPECT_EQ(again.size(), 1u);
  again.add(at(kStart + 5'000), live);
  const std::vector<HlsSegment> kept = ReplayArchive::scan(dir);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_FALSE(kept[0].discontinuity);
  EXPECT_TRUE(kept[1].discontinuity) << "the hub was away between them";
  EXPECT_EQ(kept[1].uri, "1796691605000-2000000-d.ts");
  // Opened after the session: the replay is written at once.
  ReplayArchive later("main-forum", dir, {kStart, kEnd}, kEnd + 1);
  EXPECT_TRUE(later.ended());
  EXPECT_NE(read(dir / "index.m3u8").find("#EXT-X-DISCONTINUITY\n"), std::string::npos);
}

}  // namespace
}  // namespace hallcast
