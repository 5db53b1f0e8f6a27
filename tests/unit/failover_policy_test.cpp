#include "room/failover_policy.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

using namespace std::chrono_literals;

TEST(FailoverPolicy, GoesToTheSlateWhenTheFeedStopsAndBackWhenItSettles) {
  FailoverPolicy policy(1000ms, 300ms, 2000ms);
  const auto t0 = FailoverPolicy::Clock::time_point{} + 1h;
  EXPECT_EQ(policy.choose(t0, false), SourceKind::kSlate);  // nothing yet
  for (auto t = t0; t <= t0 + 400ms; t += 40ms) policy.onData(SourceKind::kLive, t);
  EXPECT_EQ(policy.choose(t0 + 400ms, false), SourceKind::kLive);
  EXPECT_EQ(policy.choose(t0 + 1400ms, false), SourceKind::kLive);  // within the timeout
  EXPECT_EQ(policy.choose(t0 + 1401ms, false), SourceKind::kSlate);

  const auto back = t0 + 5s;
  policy.onData(SourceKind::kLive, back);
  EXPECT_EQ(policy.choose(back, false), SourceKind::kSlate) << "not steady yet";
  for (auto t = back; t <= back + 300ms; t += 40ms) policy.onData(SourceKind::kLive, t);
  EXPECT_EQ(policy.choose(back + 300ms, false), SourceKind::kLive);
}

TEST(FailoverPolicy, PrefersTheBackupToTheSlate) {
  FailoverPolicy policy(1000ms, 0ms, 2000ms);
  const auto t0 = FailoverPolicy::Clock::time_point{} + 1h;
  policy.onData(SourceKind::kBackup, t0);
  EXPECT_EQ(policy.choose(t0, true), SourceKind::kBackup);
  EXPECT_EQ(policy.choose(t0, false), SourceKind::kSlate) << "no backup configured";
  policy.onData(SourceKind::kLive, t0);
  EXPECT_EQ(policy.choose(t0, true), SourceKind::kLive);
  EXPECT_TRUE(policy.flowing(SourceKind::kBackup, t0 + 1s));
  EXPECT_FALSE(policy.flowing(SourceKind::kBackup, t0 + 1001ms));
}

TEST(FailoverPolicy, ALostSourceStopsCountingAtOnce) {
  FailoverPolicy policy(500ms, 0ms, 1000ms);
  const auto t0 = FailoverPolicy::Clock::time_point{} + 1h;
  policy.onData(SourceKind::kLive, t0);
  EXPECT_EQ(policy.choose(t0, false), SourceKind::kLive);
  policy.onLost(SourceKind::kLive);  // the encoder hung up
  EXPECT_EQ(policy.choose(t0, false), SourceKind::kSlate);
  EXPECT_FALSE(policy.flowing(SourceKind::kLive, t0));
}

TEST(FailoverPolicy, AFeedThatWentQuietIsStalledUntilItIsLost) {
  FailoverPolicy policy(500ms, 300ms, 1000ms);
  const auto t0 = FailoverPolicy::Clock::time_point{} + 1h;
  EXPECT_FALSE(policy.stalled(SourceKind::kLive, t0 + 10s)) << "a feed that never delivered is waited for";
  policy.onData(SourceKind::kLive, t0);
  EXPECT_FALSE(policy.stalled(SourceKind::kLive, t0 + 1000ms));
  EXPECT_TRUE(policy.stalled(SourceKind::kLive, t0 + 1001ms));
  EXPECT_FALSE(policy.stalled(SourceKind::kBackup, t0 + 1001ms));
  policy.onLost(SourceKind::kLive);  // restarted
  EXPECT_FALSE(policy.stalled(SourceKind::kLive, t0 + 5s));
}

TEST(FailoverPolicy, ATechniciansChoiceOverridesFailoverUntilReleased) {
  FailoverPolicy policy(500ms, 0ms, 1000ms);
  const auto t0 = FailoverPolicy::Clock::time_point{} + 1h;
  policy.onData(SourceKind::kLive, t0);
  policy.onData(SourceKind::kBackup, t0);
  policy.force(SourceKind::kSlate);
  EXPECT_EQ(policy.choose(t0, true), SourceKind::kSlate);
  policy.force(SourceKind::kBackup);
  EXPECT_EQ(policy.choose(t0, true), SourceKind::kBackup);
  EXPECT_EQ(policy.choose(t0 + 600ms, true), SourceKind::kSlate) << "a forced backup that stopped: the slate";
  policy.force(std::nullopt);
  policy.onData(SourceKind::kLive, t0 + 600ms);
  EXPECT_EQ(policy.choose(t0 + 600ms, true), SourceKind::kLive);
}

}  // namespace
}  // namespace hallcast
