// A room with a ladder (rooms[].ladder): the on-air picture re-encoded at a
// smaller size, packaged alongside the main playlist, with a master
// playlist listing both, and segments cut at the same times.

#include <map>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/ll_hls_playlist.h"
#include "support/media_fixture.h"

namespace hallcast::test {
namespace {

class LadderTest : public MediaTest {
 protected:
  std::string get(const std::string& path) { return httpRequest(hub().url(path)).body; }

  // Polls `path` until its text holds `needle`; the last text otherwise.
  std::string waitForText(const std::string& path, const std::string& needle, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string text = get(path);
    while (text.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(300ms);
      text = get(path);
    }
    return text;
  }

  // The program date-times of the segments that follow a discontinuity.
  static std::set<std::string> discontinuities(const std::string& text) {
    std::set<std::string> out;
    const std::regex entry("#EXT-X-DISCONTINUITY\\n#EXT-X-PROGRAM-DATE-TIME:([^\\n]+)\\n");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), entry); it != std::sregex_iterator(); ++it) {
      out.insert((*it)[1]);
    }
    return out;
  }

  // Each segment's program date-time with its duration in seconds.
  static std::map<std::string, double> durationsByDate(const std::string& text) {
    std::map<std::string, double> out;
    const std::regex entry("#EXT-X-PROGRAM-DATE-TIME:([^\\n]+)\\n(?:#EXT-X-PART:[^\\n]*\\n)*#EXTINF:([0-9.]+),");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), entry); it != std::sregex_iterator(); ++it) {
      out[(*it)[1]] = std::stod((*it)[2]);
    }
    return out;
  }

  // The video packets of a segment fetched over HTTP, as ffprobe reads
  // them: "K" for a keyframe, "_" otherwise, in order.
  std::string keyframes(const std::string& path) {
    const auto file = dir_.path() / "probe.ts";
    std::ofstream(file, std::ios::binary) << httpRequest(hub().url(path)).body;
    const std::string flags = run("ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 " +
                                  file.string());
    std::string out;
    for (std::size_t at = 0; at < flags.size();) {
      const std::size_t end = flags.find('\n', at);
      const std::string line = flags.substr(at, end == std::string::npos ? std::string::npos : end - at);
      if (!line.empty()) out += line[0] == 'K' ? 'K' : '_';
      if (end == std::string::npos) break;
      at = end + 1;
    }
    return out;
  }
};

TEST_F(LadderTest, ASmallerRenditionIsListedInAMasterPlaylistWithAlignedSegments) {
  startMediaHub("      uri: test://\n    ladder: [{height: 180, bitrate_kbps: 300}]\n");
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE && f.segments() >= 1; },
                            30s, &h))
      << h.DebugString();
  EXPECT_EQ(h.master_playlist(), "/live/main-forum/master.m3u8");
  EXPECT_NE(get("/api/v1/program").find("\"masterPlaylist\":\"/live/main-forum/master.m3u8\""), std::string::npos);

  // The master playlist lists the main rendition first, then the 180p one.
  const std::string master = waitForText("/live/main-forum/master.m3u8", "180p/index.m3u8", 30s);
  const HttpResult r = httpRequest(hub().url("/live/main-forum/master.m3u8"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/vnd.apple.mpegurl");
  const std::regex variant(
      "#EXT-X-STREAM-INF:BANDWIDTH=[1-9][0-9]{4,},RESOLUTION=(\\d+x\\d+),CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"\\n"
      "([^\\n]+)\\n");
  std::vector<std::pair<std::string, std::string>> variants;  // resolution, uri
  for (auto it = std::sregex_iterator(master.begin(), master.end(), variant); it != std::sregex_iterator(); ++it) {
    variants.emplace_back((*it)[1], (*it)[2]);
  }
  ASSERT_EQ(variants.size(), 2u) << master;
  EXPECT_EQ(variants[0], std::make_pair(std::string("480x270"), std::string("index.m3u8"))) << master;
  EXPECT_EQ(variants[1], std::make_pair(std::string("320x180"), std::string("180p/index.m3u8"))) << master;
  EXPECT_EQ(master.rfind("#EXTM3U\n", 0), 0u) << master;

  // LL-HLS: each media playlist reports the other's last part (RFC 8216bis
  // §4.4.5.4), for a player that switches, as its playlist then stands.
  {
    std::smatch m;
    const std::string main_now = playlist();
    const std::regex to_small(R"re(#EXT-X-RENDITION-REPORT:URI="180p/index.m3u8",LAST-MSN=(\d+),LAST-PART=(\d+)\n)re");
    ASSERT_TRUE(std::regex_search(main_now, m, to_small)) << main_now;
    const uint64_t reported = std::stoull(m[1]);
    const MediaPlaylist small_now = parseMediaPlaylist(get("/live/main-forum/180p/index.m3u8"));
    EXPECT_LE(reported, small_now.openSequence());
    EXPECT_GE(reported + 1, small_now.openSequence());
    const std::string small_text = get("/live/main-forum/180p/index.m3u8");
    EXPECT_TRUE(std::regex_search(small_text, m,
                                  std::regex(R"re(#EXT-X-RENDITION-REPORT:URI="\.\./index\.m3u8",LAST-MSN=\d+,LAST-PART=\d+\n)re")))
        << small_text;
  }

  // The 180p playlist advances, and its segments play: H.264 at 320x180, with the room's AAC.
  const std::string small_path = "/live/main-forum/180p/index.m3u8";
  const HttpResult small = httpRequest(hub().url(small_path));
  EXPECT_EQ(small.status, 200);
  EXPECT_EQ(small.content_type, "application/vnd.apple.mpegurl");
  // The room started on the slate and switched to the test source: both
  // playlists mark that switch at the same segment.
  const std::string main_early = waitForText("/live/main-forum/index.m3u8", "#EXT-X-DISCONTINUITY", 20s);
  const auto switched = discontinuities(main_early);
  ASSERT_EQ(switched.size(), 1u) << main_early;
  const std::string small_early = waitForText(small_path, *switched.begin(), 20s);
  EXPECT_EQ(discontinuities(small_early), switched) << "main:\n" << main_early << "\n180p:\n" << small_early;
  const uint64_t first_end = playlistEnd(small.body);
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  std::string text = small.body;
  while (playlistEnd(text) < first_end + 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(300ms);
    text = get(small_path);
  }
  ASSERT_GE(playlistEnd(text), first_end + 3) << "the 180p playlist stopped:\n" << text;
  const auto names = segmentNames(text);
  ASSERT_FALSE(names.empty()) << text;
  const HttpResult segment = httpRequest(hub().url("/live/main-forum/180p/" + names.back()));
  EXPECT_EQ(segment.status, 200);
  EXPECT_EQ(segment.content_type, "video/mp2t");
  const auto file = dir_.path() / "small.ts";
  std::ofstream(file, std::ios::binary) << segment.body;
  const std::string probe = probeFile(file);
  EXPECT_NE(probe.find("h264,320,180"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac"), std::string::npos) << probe;

  // Segments line up: the same program date-times and durations (within a
  // frame at 10 fps) and keyframes at the same places.
  const std::string main_text = playlist();
  const auto main_segments = durationsByDate(main_text);
  const auto small_segments = durationsByDate(text);
  const auto main_names = segmentNames(main_text);
  std::map<std::string, std::string> main_by_date;  // date -> name
  {
    const std::regex entry("#EXT-X-PROGRAM-DATE-TIME:([^\\n]+)\\n(?:#EXT-X-PART:[^\\n]*\\n)*#EXTINF:[0-9.]+,\\n([^\\n]+)\\n");
    for (auto it = std::sregex_iterator(main_text.begin(), main_text.end(), entry); it != std::sregex_iterator(); ++it) {
      main_by_date[(*it)[1]] = (*it)[2];
    }
  }
  int matched = 0;
  std::string last_date;
  for (const auto& [date, duration] : small_segments) {
    const auto it = main_segments.find(date);
    if (it == main_segments.end()) continue;
    ++matched;
    EXPECT_NEAR(duration, it->second, 0.1) << date << "\nmain:\n" << main_text << "\n180p:\n" << text;
    last_date = date;
  }
  EXPECT_GE(matched, 2) << "main:\n" << main_text << "\n180p:\n" << text;
  ASSERT_FALSE(last_date.empty());
  std::string small_name;
  {
    const std::regex entry("#EXT-X-PROGRAM-DATE-TIME:" + last_date + "\\n(?:#EXT-X-PART:[^\\n]*\\n)*#EXTINF:[0-9.]+,\\n([^\\n]+)\\n");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, entry)) << text;
    small_name = m[1];
  }
  const std::string main_keys = keyframes("/live/main-forum/" + main_by_date[last_date]);
  const std::string small_keys = keyframes("/live/main-forum/180p/" + small_name);
  ASSERT_FALSE(main_keys.empty());
  EXPECT_EQ(main_keys[0], 'K') << main_keys;
  EXPECT_EQ(small_keys, main_keys) << "the keyframes of the two renditions differ";

  // Nested live paths stay inside the live directory (the event file is
  // four levels up from 180p/).
  ASSERT_TRUE(std::filesystem::exists(dir_.path() / "event.yaml"));
  EXPECT_EQ(httpRequest(hub().url("/live/main-forum/180p/%2e%2e/%2e%2e/%2e%2e/%2e%2e/event.yaml")).status, 404);
}

TEST_F(LadderTest, ARoomWithoutALadderHasNoMasterPlaylist) {
  startMediaHub();
  v1::FeedHealth h;
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.segments() >= 1; }, 30s, &h)) << h.DebugString();
  EXPECT_EQ(h.master_playlist(), "");
  EXPECT_EQ(httpRequest(hub().url("/live/main-forum/master.m3u8")).status, 404);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "data" / "live" / "main-forum" / "180p"));
}

TEST(LadderConfig, ABadLadderEntryIsAConfigErrorNamingTheRoomAndLine) {
  TempDir dir;
  const auto file = dir.write(
      "bad.yaml", mediaEventYaml("      uri: test://\n    ladder: [{height: 181, bitrate_kbps: 300}]\n"));
  const CommandResult r = runHallcast({"check-config", file.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(":12:23: rooms[0].ladder[0].height: room \"main-forum\": must be even (got 181)"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace hallcast::test
