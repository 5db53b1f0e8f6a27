#include "rooms/presence.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

using namespace std::chrono_literals;

TEST(Presence, AnnouncesAtMostOncePerInterval) {
  PresenceCoalescer p(500ms);
  const auto t0 = PresenceCoalescer::Clock::time_point{} + 1h;
  p.update("main", 1);
  auto first = p.due(t0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].viewers, 1u);

  for (uint32_t v = 2; v <= 100; ++v) p.update("main", v);  // a burst of joins
  EXPECT_TRUE(p.due(t0 + 100ms).empty());
  auto second = p.due(t0 + 500ms);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].viewers, 100u);
}

TEST(Presence, SkipsRoomsWhoseCountDidNotChange) {
  PresenceCoalescer p(500ms);
  const auto t0 = PresenceCoalescer::Clock::time_point{} + 1h;
  p.update("main", 3);
  p.due(t0);
  p.update("main", 4);
  p.update("main", 3);  // joined and left again
  EXPECT_TRUE(p.due(t0 + 1s).empty());
}

TEST(Presence, RoomsAreIndependent) {
  PresenceCoalescer p(500ms);
  const auto t0 = PresenceCoalescer::Clock::time_point{} + 1h;
  p.update("a", 1);
  p.due(t0);
  p.update("a", 2);
  p.update("b", 5);
  auto due = p.due(t0 + 100ms);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].room_id, "b");
}

}  // namespace
}  // namespace hallcast
