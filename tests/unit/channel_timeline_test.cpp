#include "room/channel_timeline.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kFrame = 1024LL * 1'000'000'000 / 48000;  // AAC at 48 kHz

TEST(ChannelTimeline, TheBoothGoesOutAtNowAndKeepsItsOwnPace) {
  ChannelTimeline line;
  // The booth's clock starts at 5 s; the output's "now" is 60 s.
  EXPECT_EQ(line.booth(1, 5000 * kMs, kFrame, 60'000 * kMs), 60'000 * kMs);
  EXPECT_EQ(line.booth(1, 5000 * kMs + kFrame, kFrame, 60'010 * kMs), 60'000 * kMs + kFrame);
  EXPECT_LT(line.lag(60'030 * kMs), ChannelTimeline::kMaxLag);
  // While it keeps up, silence is not wanted.
  EXPECT_FALSE(line.silence(kFrame, 60'040 * kMs));
}

TEST(ChannelTimeline, SilenceFillsInWhenTheBoothDropsOutAndTheBoothResumesAfterIt) {
  ChannelTimeline line;
  ASSERT_TRUE(line.booth(1, 0, kFrame, 10'000 * kMs));
  const int64_t end = 10'000 * kMs + kFrame;
  // Nothing from the booth; "now" moves on past the allowed lag.
  EXPECT_FALSE(line.silence(kFrame, end + ChannelTimeline::kMaxLag));
  const auto first = line.silence(kFrame, end + ChannelTimeline::kMaxLag + kMs);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, end) << "back to back: no hole";
  int64_t out_end = end + kFrame;
  for (int i = 0; i < 20; ++i) {
    const auto at = line.silence(kFrame, out_end + ChannelTimeline::kMaxLag + kMs);
    ASSERT_TRUE(at);
    EXPECT_EQ(*at, out_end);
    out_end += kFrame;
  }
  // The booth returns with its old clock (as after a network blip): it goes
  // right after the silence, not where its clock would put it.
  const auto back = line.booth(1, 2 * kFrame, kFrame, out_end + 50 * kMs);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, out_end);
  EXPECT_EQ(line.booth(1, 3 * kFrame, kFrame, out_end + 70 * kMs), out_end + kFrame);
}

TEST(ChannelTimeline, ARestartedBoothIsRetimedAndNothingOverlaps) {
  ChannelTimeline line;
  ASSERT_TRUE(line.booth(1, 900 * kMs, kFrame, 1000 * kMs));
  // Its clock jumps back (an encoder restarted without a new epoch).
  const auto jumped = line.booth(1, 0, kFrame, 1000 * kMs + 5 * kMs);
  ASSERT_TRUE(jumped);
  EXPECT_EQ(*jumped, 1000 * kMs + kFrame);
  // A new epoch too.
  const auto restarted = line.booth(2, 7 * kMs, kFrame, 1000 * kMs + 30 * kMs);
  ASSERT_TRUE(restarted);
  EXPECT_EQ(*restarted, 1000 * kMs + 2 * kFrame);
  // A frame that would overlap what went out is dropped.
  EXPECT_FALSE(line.booth(2, 7 * kMs - kFrame, kFrame, 1000 * kMs + 40 * kMs));
}

TEST(ChannelTimeline, ABoothRunningAheadOfNowIsBroughtBack) {
  ChannelTimeline line;
  ASSERT_TRUE(line.booth(1, 0, kFrame, 1000 * kMs));
  // Its clock races 600 ms ahead of the output's (a burst of old data).
  const auto ahead = line.booth(1, 700 * kMs, kFrame, 1100 * kMs);
  ASSERT_TRUE(ahead);
  EXPECT_EQ(*ahead, 1000 * kMs + kFrame) << "placed again right after what went out";
  EXPECT_EQ(line.booth(1, 700 * kMs + kFrame, kFrame, 1120 * kMs), 1000 * kMs + 2 * kFrame);
}

TEST(ChannelTimeline, SilenceAloneStartsNearNow) {
  ChannelTimeline line;
  const auto first = line.silence(kFrame, 30'000 * kMs);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 30'000 * kMs - ChannelTimeline::kMaxLag);
  // After a long pause (the hub busy elsewhere), it does not replay the gap.
  const auto later = line.silence(kFrame, 40'000 * kMs);
  ASSERT_TRUE(later);
  EXPECT_EQ(*later, 40'000 * kMs - ChannelTimeline::kMaxLag);
}

}  // namespace
}  // namespace hallcast
