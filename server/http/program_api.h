#pragma once
// The event's program as the API serves it: configuration plus live state.

#include <cstdint>

#include "hallcast/v1/program.pb.h"
#include "media/health_board.h"
#include "realtime/hub.h"

namespace hallcast {

v1::RoomStatus roomStatus(const RoomConfig& room, int64_t now_unix_ms);
v1::Program buildProgram(const Hub& hub, const HealthBoard& health, int64_t now_unix_ms);

}  // namespace hallcast
