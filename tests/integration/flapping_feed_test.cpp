// A hall feed that flaps — a real SRT encoder that connects for two
// seconds, drops for two, over and over for minutes — must cost the hub
// nothing it does not give back (memory, threads, open files), never stop
// its output, and leave the feed's state right when the flapping ends:
// live while the encoder stays, the slate once it goes.

#include <cstdlib>

#include "support/gst_publisher.h"
#include "support/media_fixture.h"
#include "support/process_stats.h"

namespace hallcast::test {
namespace {

// HALLCAST_FLAP_SECONDS sets how long (CI: the default).
std::chrono::seconds flapDuration() {
  const char* text = std::getenv("HALLCAST_FLAP_SECONDS");
  return std::chrono::seconds(text ? std::atoi(text) : 120);
}

struct Footprint {
  uint64_t rss = 0;
  uint64_t threads = 0;
  std::size_t files = 0;
};

Footprint footprintOf(pid_t pid) { return {residentBytes(pid), threadCount(pid), openFiles(pid)}; }

class FlappingFeedTest : public MediaTest {};

TEST_F(FlappingFeedTest, AFeedThatFlapsEveryTwoSecondsForMinutesLeaksNothingAndEndsInTheRightState) {
  const int port = freeUdpPort();
  startMediaHub("      uri: srt://:" + std::to_string(port) + "?mode=listener\n");
  GstPublisher encoder(
      encoderPipeline("srtsink uri=srt://127.0.0.1:" + std::to_string(port) + "?mode=caller latency=100"));
  v1::FeedHealth h;
  encoder.start();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE; }, 30s, &h))
      << h.DebugString();
  const uint64_t end_before = playlistEnd(playlist());

  // Flap. The first quarter warms up (buffer pools, the slate's encoder,
  // malloc's arenas); what the hub holds after it is the baseline.
  const auto duration = flapDuration();
  const auto start = std::chrono::steady_clock::now();
  Footprint baseline;
  bool measured = false;
  int flaps = 0;
  uint64_t max_threads = 0;
  std::size_t max_files = 0;
  while (std::chrono::steady_clock::now() - start < duration) {
    encoder.stop();
    std::this_thread::sleep_for(2s);
    encoder.start();
    std::this_thread::sleep_for(2s);
    ++flaps;
    ASSERT_EQ(httpRequest(hub().url("/healthz")).status, 200) << "the hub stopped answering after " << flaps;
    const Footprint now = footprintOf(hub().pid());
    if (!measured && std::chrono::steady_clock::now() - start >= duration / 4) {
      baseline = now;
      measured = true;
    }
    if (measured) {
      max_threads = std::max(max_threads, now.threads);
      max_files = std::max(max_files, now.files);
    }
  }
  ASSERT_TRUE(measured);
  const Footprint after = footprintOf(hub().pid());

  // The encoder stays: live again.
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.state() == v1::FEED_STATE_LIVE && f.on_air() == "live"; },
                            30s, &h))
      << h.DebugString();
  const uint64_t switches = h.switches();
  const uint64_t reconnects = h.reconnects();
  // It goes: the slate.
  encoder.stop();
  ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate"; }, 15s, &h)) << h.DebugString();
  EXPECT_TRUE(h.state() == v1::FEED_STATE_STANDBY || h.state() == v1::FEED_STATE_DOWN) << h.DebugString();

  // The output never stopped: about a segment every 2 s of the whole run.
  const uint64_t segments = playlistEnd(playlist()) - end_before;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
  EXPECT_GE(segments, static_cast<uint64_t>(seconds.count() / 2 * 3 / 4))
      << "the output stalled: " << segments << " segments in " << seconds.count() << " s";

  const double rss_growth_mib =
      (static_cast<double>(after.rss) - static_cast<double>(baseline.rss)) / (1024.0 * 1024.0);
  std::cerr << "[ flapping ] " << flaps << " flaps in " << duration.count() << " s, " << switches
            << " switches of the source on air, " << reconnects << " reconnects, " << segments
            << " segments; RSS " << baseline.rss / 1024 << " KiB after the warm-up, " << after.rss / 1024
            << " KiB at the end (" << rss_growth_mib << " MiB); threads " << baseline.threads << " -> " << after.threads
            << " (max " << max_threads << "); open files " << baseline.files << " -> " << after.files << " (max "
            << max_files << ")\n";
  RecordProperty("flaps", flaps);
  RecordProperty("rss_growth_kib", static_cast<int>(rss_growth_mib * 1024));
  EXPECT_GE(switches, static_cast<uint64_t>(flaps)) << "the feed went on air fewer times than it came back";
  // A thread or a socket kept per reconnection would add one per flap.
  EXPECT_LE(after.threads, baseline.threads + 2) << "threads pile up";
  EXPECT_LE(after.files, baseline.files + 2) << "open files pile up";
  if (!kSanitizedBuild) EXPECT_LT(rss_growth_mib, 8.0) << "memory grows with each flap";
}

}  // namespace
}  // namespace hallcast::test
