// The hub as the HLS origin behind nginx as a caching edge, configured with
// the file operators use (config/nginx/hallcast-edge.conf): playlists kept
// one second, segments cached, a dozen simultaneous requests for a missing
// segment answered with one request to the hub (proxy_cache_lock holds the
// others while it is on its way), and the stream playable through it;
// LL-HLS blocking reloads of the same part shared the same way.

#include <future>

#include "support/ll_hls_playlist.h"
#include "support/media_fixture.h"
#include "support/nginx.h"

namespace hallcast::test {
namespace {

class HlsEdgeTest : public MediaTest {
 protected:
  static std::string cacheStatus(const HttpResult& r) { return r.header("x-cache-status"); }
};

TEST_F(HlsEdgeTest, PlaylistsBrieflySegmentsCachedMissesCollapsedAndItPlays) {
  startMediaHub("", "  segment_ms: 1000\n  playlist_segments: 4\n");
  std::string text;
  for (int i = 0; i < 100 && segmentNames(text).size() < 2; ++i) {
    std::this_thread::sleep_for(200ms);
    text = playlist();
  }
  ASSERT_GE(segmentNames(text).size(), 2u) << text;
  Nginx edge(dir_.path() / "edge", hlsEdgeConfig(dir_.path() / "edge", {hub().port()}));
  const std::string base = "http://127.0.0.1:" + std::to_string(edge.port()) + "/live/main-forum/";

  // The playlist: fetched from the origin once, then served from the edge
  // for about a second, then fetched again.
  const HttpResult first = httpRequest(base + "index.m3u8");
  ASSERT_EQ(first.status, 200) << edge.log();
  EXPECT_EQ(first.content_type, "application/vnd.apple.mpegurl");
  EXPECT_EQ(cacheStatus(first), "MISS");
  const HttpResult second = httpRequest(base + "index.m3u8");
  EXPECT_EQ(cacheStatus(second), "HIT");
  EXPECT_EQ(second.body, first.body);
  EXPECT_NE(second.headers.find("no-cache"), std::string::npos) << "players still revalidate: " << second.headers;
  // nginx keeps time in whole seconds: "1s" lasts up to two.
  std::this_thread::sleep_for(2100ms);
  EXPECT_NE(cacheStatus(httpRequest(base + "index.m3u8")), "HIT") << "a playlist older than two seconds was served";

  // Twelve players ask for a segment the edge does not have, at once: one
  // request reaches the hub (one MISS), everyone gets the same bytes.
  const std::string segment = segmentNames(httpRequest(base + "index.m3u8").body).back();
  std::vector<std::future<HttpResult>> players;
  for (int i = 0; i < 12; ++i) {
    players.push_back(std::async(std::launch::async, [&] { return httpRequest(base + segment); }));
  }
  int misses = 0;
  std::string body;
  for (auto& player : players) {
    const HttpResult r = player.get();
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "video/mp2t");
    if (body.empty()) body = r.body;
    EXPECT_EQ(r.body, body);
    misses += cacheStatus(r) == "MISS";
  }
  EXPECT_EQ(misses, 1) << "the origin was asked more than once";
  EXPECT_GT(body.size(), 1000u);
  EXPECT_EQ(cacheStatus(httpRequest(base + segment)), "HIT");

  // A player the team did not write plays it through the edge.
  const std::string probed =
      run("ffprobe -v error -show_entries stream=codec_name -of csv=p=0 " + base + "index.m3u8");
  EXPECT_NE(probed.find("h264"), std::string::npos) << probed;
  EXPECT_NE(probed.find("aac"), std::string::npos) << probed;
}

TEST_F(HlsEdgeTest, PlayersWaitingForTheSamePartShareOneHeldRequestToTheOrigin) {
  startMediaHub("", "  segment_ms: 1000\n  playlist_segments: 4\n");
  MediaPlaylist now;
  for (int i = 0; i < 100 && (now.segments.empty() || now.open_parts.empty()); ++i) {
    std::this_thread::sleep_for(200ms);
    now = parseMediaPlaylist(playlist());
  }
  ASSERT_FALSE(now.open_parts.empty()) << playlist();
  Nginx edge(dir_.path() / "edge", hlsEdgeConfig(dir_.path() / "edge", {hub().port()}));
  const std::string base = "http://127.0.0.1:" + std::to_string(edge.port()) + "/live/main-forum/";

  // Twelve hls.js players ask the edge, at once, for the playlist holding
  // the part after the last one listed (RFC 8216bis blocking reload): one
  // request reaches the hub, held there until the part is written; every
  // player gets that playlist.
  now = parseMediaPlaylist(playlist());
  const uint64_t msn = now.openSequence();
  const std::size_t part = now.open_parts.size();
  const std::string ask = base + "index.m3u8?_HLS_msn=" + std::to_string(msn) + "&_HLS_part=" + std::to_string(part);
  std::vector<std::future<HttpResult>> players;
  for (int i = 0; i < 12; ++i) players.push_back(std::async(std::launch::async, [&] { return httpRequest(ask); }));
  int misses = 0;
  for (auto& player : players) {
    const HttpResult r = player.get();
    ASSERT_EQ(r.status, 200) << r.body << edge.log();
    const MediaPlaylist got = parseMediaPlaylist(r.body);
    EXPECT_TRUE(got.openSequence() > msn || got.open_parts.size() > part) << "asked " << ask << ", got:\n" << r.body;
    misses += cacheStatus(r) == "MISS";
  }
  EXPECT_EQ(misses, 1) << "the origin was asked more than once";
  // The plain playlist is an entry of its own, not that answer.
  EXPECT_EQ(cacheStatus(httpRequest(base + "index.m3u8")), "MISS");
}

}  // namespace
}  // namespace hallcast::test
