#pragma once
// GET /metrics: the hub's state and counters in Prometheus text format.

#include <string>

#include "media/health_board.h"
#include "realtime/hub.h"

namespace hallcast {

std::string renderMetrics(const Hub& hub, const HealthBoard& health);

}  // namespace hallcast
