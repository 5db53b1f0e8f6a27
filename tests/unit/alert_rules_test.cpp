#include "media/alert_rules.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

using namespace std::chrono_literals;
using Clock = AlertRules::Clock;

FeedSignal live(double bitrate = 2e6) {
  FeedSignal f;
  f.room_id = "hall";
  f.state = FeedState::kLive;
  f.input_bitrate_bps = bitrate;
  return f;
}

// Feeds `signal` once a second from `t` for `seconds`; the changes seen.
std::vector<AlertChange> run(AlertRules& rules, Clock::time_point& t, int seconds,
                             const std::function<FeedSignal(int)>& signal) {
  std::vector<AlertChange> all;
  for (int i = 0; i < seconds; ++i, t += 1s) {
    for (auto& c : rules.evaluate({signal(i)}, t)) all.push_back(std::move(c));
  }
  return all;
}

TEST(AlertRules, AFeedOffAirForItsThresholdIsCriticalAndItsReturnIsReported) {
  AlertRules rules(AlertThresholds{});
  auto t = Clock::time_point{} + 1000h;
  EXPECT_TRUE(run(rules, t, 5, [](int) { return live(); }).empty());
  FeedSignal down = live(0);
  down.state = FeedState::kStandby;
  const auto start = t;
  auto changes = run(rules, t, 2, [&](int) { return down; });
  EXPECT_TRUE(changes.empty()) << "a blip shorter than 3 s is no alert";
  changes = run(rules, t, 2, [&](int) { return down; });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, AlertKind::kFeedDown);
  EXPECT_EQ(changes[0].severity, AlertSeverity::kCritical);
  EXPECT_TRUE(changes[0].active);
  EXPECT_EQ(changes[0].since, start);
  EXPECT_EQ(rules.active().size(), 1u);
  EXPECT_TRUE(run(rules, t, 3, [&](int) { return down; }).empty()) << "raised once";

  changes = run(rules, t, 1, [](int) { return live(); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].active);
  EXPECT_EQ(changes[0].severity, AlertSeverity::kInfo);
  EXPECT_NE(changes[0].message.find("back to normal"), std::string::npos);
  EXPECT_TRUE(rules.active().empty());
}

TEST(AlertRules, AStandbyATechnicianForcedRaisesNoAlarmAndTheFeedsOwnLossCountsFromTheHandBack) {
  AlertRules rules(AlertThresholds{});
  auto t = Clock::time_point{} + 1000h;
  FeedSignal forced = live(0);
  forced.state = FeedState::kStandby;
  forced.forced = true;
  EXPECT_TRUE(run(rules, t, 10, [&](int) { return forced; }).empty());
  // Handed back to automatic, the slate still on air for a moment: its
  // threshold starts now, not when the standby was forced.
  FeedSignal down = forced;
  down.forced = false;
  EXPECT_TRUE(run(rules, t, 2, [&](int) { return down; }).empty());
  EXPECT_TRUE(run(rules, t, 2, [&](int) { return live(); }).empty());
}

TEST(AlertRules, SilenceAndBlackAreWarningsFromTheirThresholds) {
  AlertThresholds th;
  th.silence_seconds = 10;
  th.black_seconds = 5;
  AlertRules rules(th);
  auto t = Clock::time_point{} + 1000h;
  auto changes = run(rules, t, 12, [](int i) {
    FeedSignal f = live();
    f.silence_seconds = i;
    f.black_seconds = i;
    return f;
  });
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, AlertKind::kBlack);  // at 5 s
  EXPECT_EQ(changes[1].kind, AlertKind::kSilence);  // at 10 s
  EXPECT_EQ(changes[1].severity, AlertSeverity::kWarning);
  EXPECT_EQ(changes[1].since, t - 12s) << "it began when the silence did";
}

TEST(AlertRules, ABitrateCollapseMustLastAndIsOverWhenTheBitrateComesBack) {
  AlertRules rules(AlertThresholds{});
  auto t = Clock::time_point{} + 1000h;
  EXPECT_TRUE(run(rules, t, 20, [](int) { return live(4e6); }).empty());
  EXPECT_TRUE(run(rules, t, 2, [](int) { return live(0.5e6); }).empty()) << "2 s is a dip";
  EXPECT_TRUE(run(rules, t, 5, [](int) { return live(4e6); }).empty());
  auto changes = run(rules, t, 5, [](int) { return live(0.5e6); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, AlertKind::kBitrateCollapse);
  EXPECT_NE(changes[0].message.find("500 kb/s"), std::string::npos) << changes[0].message;
  EXPECT_TRUE(run(rules, t, 40, [](int) { return live(0.5e6); }).empty()) << "the low rate does not become the norm";
  changes = run(rules, t, 1, [](int) { return live(4e6); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].active);
}

TEST(AlertRules, ABackupOnAirIsReportedAtOnce) {
  AlertRules rules(AlertThresholds{});
  auto t = Clock::time_point{} + 1000h;
  auto changes = run(rules, t, 1, [](int) {
    FeedSignal f = live();
    f.state = FeedState::kBackup;
    return f;
  });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, AlertKind::kBackupOnAir);
}

TEST(AlertRules, ARoomForgottenEndsItsAlertsOnceAndStartsAfresh) {
  AlertRules rules(AlertThresholds{});
  auto t = Clock::time_point{} + 1000h;
  FeedSignal down = live(0);
  down.state = FeedState::kDown;
  ASSERT_EQ(run(rules, t, 4, [&](int) { return down; }).size(), 1u);
  ASSERT_EQ(rules.active().size(), 1u);
  const auto cleared = rules.forget("hall", t);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_FALSE(cleared[0].active);
  EXPECT_EQ(cleared[0].kind, AlertKind::kFeedDown);
  EXPECT_TRUE(rules.active().empty());
  EXPECT_TRUE(rules.forget("hall", t).empty()) << "reported once";
  // Watched again later: the condition starts from nothing.
  EXPECT_TRUE(run(rules, t, 2, [&](int) { return down; }).empty());
}

TEST(AlertRules, AnInterpretationChannelOffAirOrSilentWhileTheHallIsLiveIsAWarningNamingItsLanguage) {
  AlertRules rules(AlertThresholds{});  // silence: 10 s
  auto t = Clock::time_point{} + 1000h;
  const auto hall = [](FeedState english, double english_silence, FeedState hall_state = FeedState::kLive) {
    FeedSignal f = live();
    f.state = hall_state;
    f.channels = {{"en", "English", english, english_silence}, {"zh", "中文", FeedState::kLive, 0}};
    return f;
  };
  EXPECT_TRUE(run(rules, t, 5, [&](int) { return hall(FeedState::kLive, 0); }).empty());
  // The English booth's feed drops out: after 10 s, one warning for it alone.
  auto changes = run(rules, t, 9, [&](int) { return hall(FeedState::kStandby, 0); });
  EXPECT_TRUE(changes.empty());
  changes = run(rules, t, 2, [&](int) { return hall(FeedState::kStandby, 0); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, AlertKind::kInterpretationSilent);
  EXPECT_EQ(changes[0].channel, "en");
  EXPECT_EQ(changes[0].severity, AlertSeverity::kWarning);
  EXPECT_NE(changes[0].message.find("English (en) interpretation is off air"), std::string::npos) << changes[0].message;
  ASSERT_EQ(rules.active().size(), 1u);
  // Back, and speaking: cleared.
  changes = run(rules, t, 1, [&](int) { return hall(FeedState::kLive, 0); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].active);
  EXPECT_EQ(changes[0].channel, "en");
  // On air but silent for 12 s: raised at once, dated 12 s back.
  changes = run(rules, t, 1, [&](int) { return hall(FeedState::kLive, 12); });
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_NE(changes[0].message.find("has been silent for 12 s"), std::string::npos) << changes[0].message;
  EXPECT_EQ(changes[0].time - changes[0].since, 12s);
  // Between sessions (the hall on the slate) booths may be quiet: no alert.
  AlertRules idle(AlertThresholds{});
  for (const AlertChange& c : run(idle, t, 30, [&](int) { return hall(FeedState::kStandby, 30, FeedState::kStandby); })) {
    EXPECT_NE(c.kind, AlertKind::kInterpretationSilent) << c.message;
  }
}

}  // namespace
}  // namespace hallcast
