// Low-Latency HLS (RFC 8216bis) from the real hub with its test source: the
// playlist's parts, preload hint and server control; blocking playlist
// reloads and hinted parts held until they exist; parts that are the
// segment's bytes and decode on their own. hls.js playing it in Chromium
// is in web-client/e2e/attendee.test.mjs; its latency is in bench/.

#include <future>
#include <regex>

#include "feeds/time_code.h"
#include "support/http_client.h"
#include "support/ll_hls_playlist.h"
#include "support/media_fixture.h"

namespace hallcast::test {
namespace {

class LowLatencyHlsTest : public MediaTest {
 protected:
  std::string url(const std::string& file) { return hub().url("/live/main-forum/" + file); }

  // Waits until the playlist lists `segments` finished segments with parts.
  MediaPlaylist waitForSegments(std::size_t segments) {
    MediaPlaylist p;
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    while (std::chrono::steady_clock::now() < deadline) {
      p = parseMediaPlaylist(playlist());
      std::size_t with_parts = 0;
      for (const auto& parts : p.segment_parts) with_parts += parts.empty() ? 0 : 1;
      if (with_parts >= segments && !p.open_parts.empty()) return p;
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << "no " << segments << " segments with parts: " << playlist();
    return p;
  }
};

TEST_F(LowLatencyHlsTest, ThePlaylistListsPartsThatAreTheSegmentsBytesAndDecodeOnTheirOwn) {
  startMediaHub();
  const MediaPlaylist p = waitForSegments(2);
  const std::string now = playlist();
  EXPECT_NE(now.find("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.002\n"), std::string::npos) << now;
  EXPECT_NE(now.find("#EXT-X-PART-INF:PART-TARGET=0.334\n"), std::string::npos) << now;
  ASSERT_FALSE(p.hint.empty()) << now;
  EXPECT_DOUBLE_EQ(p.part_target, 0.334);

  // Each finished segment with parts: they start with an independent one,
  // none is longer than the part target, and they add up to the segment,
  // byte for byte and in duration.
  std::size_t checked = 0;
  for (std::size_t i = 0; i < p.segments.size(); ++i) {
    const auto& parts = p.segment_parts[i];
    if (parts.empty()) continue;
    ASSERT_TRUE(parts.front().independent) << now;
    double total = 0;
    std::string joined;
    for (const PlaylistPart& part : parts) {
      EXPECT_LE(part.duration, p.part_target) << part.uri;
      total += part.duration;
      const HttpResult r = httpRequest(url(part.uri));
      ASSERT_EQ(r.status, 200) << part.uri;
      EXPECT_EQ(r.content_type, "video/mp2t");
      joined += r.body;
    }
    EXPECT_NEAR(total, p.extinf[i], 0.001 * parts.size()) << now;
    const HttpResult segment = httpRequest(url(p.segments[i]));
    ASSERT_EQ(segment.status, 200);
    EXPECT_TRUE(segment.body == joined) << "segment " << p.segments[i] << " (" << segment.body.size()
                                        << " bytes) is not its parts (" << joined.size() << " bytes)";
    ++checked;
  }
  EXPECT_GE(checked, 2u);

  // A player may start at an independent part: alone, it is H.264 and AAC.
  const std::string first = p.open_parts.front().independent ? p.open_parts.front().uri : p.segment_parts.back().front().uri;
  const std::string probe = probeSegment(first);
  EXPECT_NE(probe.find("h264,480,270"), std::string::npos) << probe;
  EXPECT_NE(probe.find("aac"), std::string::npos) << probe;

  // Its first picture, decoded by ffmpeg, carries the time it was made
  // (the test source's time code, feeds/time_code.h): seconds ago.
  const auto gray = dir_.path() / "first.gray";
  run("ffmpeg -v error -i " + (dir_.path() / first).string() + " -frames:v 1 -f rawvideo -pix_fmt gray -y " +
      gray.string());
  std::ifstream in(gray, std::ios::binary);
  const std::string pixels((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(pixels.size(), 480u * 270u);
  const auto now_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const auto made = readTimeCode(reinterpret_cast<const uint8_t*>(pixels.data()), 480, 1, 480, 270, now_ms);
  ASSERT_TRUE(made.has_value()) << "no time code in the picture";
  EXPECT_LE(*made, now_ms);
  EXPECT_GT(*made + 20'000, now_ms);
}

TEST_F(LowLatencyHlsTest, ABlockingReloadIsHeldUntilTheAskedPartIsThere) {
  startMediaHub();
  const MediaPlaylist before = waitForSegments(1);
  // What hls.js asks next: the part after the last one listed.
  const uint64_t msn = before.openSequence();
  const std::size_t next = before.open_parts.size();
  const std::string ask = "index.m3u8?_HLS_msn=" + std::to_string(msn) + "&_HLS_part=" + std::to_string(next);
  const HttpResult r = httpRequest(url(ask));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/vnd.apple.mpegurl");
  const MediaPlaylist after = parseMediaPlaylist(r.body);
  // It holds that part (of segment msn, or part 0 of the next when segment
  // msn ended with `next` parts), which was not there when asked.
  const bool has_it = (after.openSequence() == msn && after.open_parts.size() > next) || after.openSequence() > msn;
  EXPECT_TRUE(has_it) << "asked " << ask << ", got:\n" << r.body;
  EXPECT_NE(after.hint, before.hint);

  // The segment after the one being written, whole: held for a second or
  // more (until it is listed), and counted while it is.
  const uint64_t later = after.openSequence() + 1;
  auto whole = std::async(std::launch::async,
                          [&] { return httpRequest(url("index.m3u8?_HLS_msn=" + std::to_string(later))); });
  std::string metrics;
  for (int i = 0; i < 100; ++i) {  // once the request has reached the hub
    metrics = httpRequest(hub().url("/metrics")).body;
    if (metrics.find("\nhallcast_http_held_requests 1\n") != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(metrics.find("\nhallcast_http_held_requests 1\n"), std::string::npos) << metrics;
  const HttpResult answer = whole.get();
  ASSERT_EQ(answer.status, 200) << answer.body << "\nasked for " << later << "; the playlist now:\n"
                                << httpRequest(url("index.m3u8")).body;
  EXPECT_GT(parseMediaPlaylist(answer.body).openSequence(), later);
  EXPECT_NE(httpRequest(hub().url("/metrics")).body.find("\nhallcast_http_held_requests 0\n"), std::string::npos);
}

TEST_F(LowLatencyHlsTest, DirectivesPastWhatAClientMayAskAreBadRequests) {
  startMediaHub();
  const MediaPlaylist p = waitForSegments(1);
  const auto status = [&](const std::string& query) {
    const HttpResult r = httpRequest(url("index.m3u8?" + query));
    EXPECT_EQ(r.content_type, "application/json") << query;
    return std::make_pair(r.status, r.body);
  };
  // RFC 8216bis §6.2.5.2: more than two segments ahead, or _HLS_part alone.
  auto [far, far_body] = status("_HLS_msn=" + std::to_string(p.openSequence() + 2));
  EXPECT_EQ(far, 400);
  EXPECT_NE(far_body.find("further ahead than a client may ask"), std::string::npos) << far_body;
  EXPECT_EQ(status("_HLS_msn=" + std::to_string(p.openSequence()) + "&_HLS_part=50").first, 400);
  auto [alone, alone_body] = status("_HLS_part=1");
  EXPECT_EQ(alone, 400);
  EXPECT_NE(alone_body.find("_HLS_part needs _HLS_msn"), std::string::npos) << alone_body;
  EXPECT_EQ(status("_HLS_msn=-1").first, 400);
  EXPECT_EQ(status("_HLS_msn=1&_HLS_part=x").first, 400);
  // Without directives, the playlist at once, as for any player.
  EXPECT_EQ(httpRequest(url("index.m3u8")).status, 200);
}

TEST_F(LowLatencyHlsTest, TheHintedPartIsHeldUntilWholeAndOtherMissingPartsAreNotFound) {
  startMediaHub();
  const MediaPlaylist p = waitForSegments(1);
  // Asked at once, as hls.js may: the answer comes when the part is written.
  auto hinted = std::async(std::launch::async, [&] { return httpRequest(url(p.hint)); });
  const HttpResult r = hinted.get();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "video/mp2t");
  ASSERT_GT(r.body.size(), 188u);
  EXPECT_EQ(r.body.size() % 188, 0u);
  EXPECT_EQ(r.body[0], 0x47);
  // Byte for byte what the playlist then lists under that name.
  EXPECT_TRUE(httpRequest(url(p.hint)).body == r.body);
  // A part that is neither there nor hinted.
  const HttpResult missing = httpRequest(url("1-p999999.ts"));
  EXPECT_EQ(missing.status, 404);
}

}  // namespace
}  // namespace hallcast::test
