#include <gtest/gtest.h>

#include "metrics/metrics.h"

namespace hallcast {
namespace {

TEST(PrometheusText, WritesFamiliesSamplesAndEscapedLabels) {
  PrometheusText t;
  t.family("hallcast_room_viewers", "gauge", "Viewers per room.\nSecond line \\ here.");
  t.sample("hallcast_room_viewers", "room", "say \"hi\"\\", 3);
  t.sample("hallcast_uptime_seconds", 1.5);
  t.sample("x", {{"a", "1"}, {"b", "2"}}, 1e20);
  EXPECT_EQ(t.take(),
            "# HELP hallcast_room_viewers Viewers per room.\\nSecond line \\\\ here.\n"
            "# TYPE hallcast_room_viewers gauge\n"
            "hallcast_room_viewers{room=\"say \\\"hi\\\"\\\\\"} 3\n"
            "hallcast_uptime_seconds 1.5\n"
            "x{a=\"1\",b=\"2\"} 1e+20\n");
}

}  // namespace
}  // namespace hallcast
