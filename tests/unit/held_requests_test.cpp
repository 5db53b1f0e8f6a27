#include "transport/held_requests.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace hallcast {
namespace {

using Clock = HeldRequests::Clock;
using std::chrono::milliseconds;

// Connections are only compared, never used: addresses of a local array do.
struct Connections {
  std::array<char, 4> slots{};
  lws* operator[](std::size_t i) { return reinterpret_cast<lws*>(&slots[i]); }
};

std::vector<lws*> sorted(std::vector<lws*> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(HeldRequests, AnUpdateWakesTheRequestsWaitingForItsKeyOnly) {
  Connections c;
  HeldRequests held;
  const auto later = Clock::now() + std::chrono::seconds(3);
  held.hold(c[0], "a/index.m3u8", later);
  held.hold(c[1], "b/index.m3u8", later);
  held.hold(c[2], "a/index.m3u8", later);
  EXPECT_EQ(held.size(), 3u);
  EXPECT_EQ(sorted(held.waitingFor("a/index.m3u8")), sorted({c[0], c[2]}));
  EXPECT_EQ(held.waitingFor("b/index.m3u8"), std::vector<lws*>{c[1]});
  EXPECT_TRUE(held.waitingFor("/whep/s1").empty());
}

TEST(HeldRequests, ExpiredAreThoseDueByNowEarliestFirst) {
  Connections c;
  HeldRequests held;
  const auto now = Clock::now();
  held.hold(c[0], "a", now + milliseconds(300));
  held.hold(c[1], "b", now + milliseconds(100));
  held.hold(c[2], "a", now + milliseconds(200));
  EXPECT_TRUE(held.expired(now).empty());
  EXPECT_EQ(held.expired(now + milliseconds(200)), (std::vector<lws*>{c[1], c[2]}));  // at the deadline counts
  EXPECT_EQ(held.expired(now + milliseconds(999)), (std::vector<lws*>{c[1], c[2], c[0]}));
  EXPECT_EQ(held.size(), 3u);  // expired() only reports them
}

TEST(HeldRequests, AReleasedRequestLeavesBothItsKeyAndTheDeadlines) {
  Connections c;
  HeldRequests held;
  const auto now = Clock::now();
  held.hold(c[0], "a", now);
  held.hold(c[1], "a", now);
  EXPECT_TRUE(held.release(c[0]));
  EXPECT_FALSE(held.release(c[0]));
  EXPECT_FALSE(held.contains(c[0]));
  EXPECT_EQ(held.waitingFor("a"), std::vector<lws*>{c[1]});
  EXPECT_EQ(held.expired(now), std::vector<lws*>{c[1]});
  EXPECT_TRUE(held.release(c[1]));
  EXPECT_EQ(held.size(), 0u);
  EXPECT_TRUE(held.waitingFor("a").empty());
  EXPECT_TRUE(held.expired(now + std::chrono::hours(1)).empty());
}

TEST(HeldRequests, HeldAgainAConnectionWaitsForItsNewKeyAndDeadline) {
  Connections c;
  HeldRequests held;
  const auto now = Clock::now();
  held.hold(c[0], "a", now);
  held.hold(c[0], "b", now + milliseconds(500));
  EXPECT_EQ(held.size(), 1u);
  EXPECT_TRUE(held.waitingFor("a").empty());
  EXPECT_EQ(held.waitingFor("b"), std::vector<lws*>{c[0]});
  EXPECT_TRUE(held.expired(now).empty());
}

}  // namespace
}  // namespace hallcast
