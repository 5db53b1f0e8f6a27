#pragma once
// The event's program as the API serves it: configuration plus live state.

#include <cstdint>

#include "hallcast/v1/program.pb.h"
#include "media/health_board.h"
#include "realtime/hub.h"

namespace hallcast {

// Where a room stands against its schedule: UPCOMING before its start, and
// after it until its feed has been on air (`last_on_air_ms`, see
// HealthBoard::lastOnAirMs; a room without media goes by the clock alone),
// LIVE from then to its end, ENDED after.
v1::RoomStatus roomStatus(const RoomConfig& room, int64_t now_unix_ms, bool has_media, int64_t last_on_air_ms);
// Where a booth's logo is served (the file its configuration names).
std::string logoPath(const std::string& room_id);
// `data_dir`: the hub's, where recorded rooms' replays are.
v1::Program buildProgram(const Hub& hub, const HealthBoard& health, int64_t now_unix_ms,
                         const std::filesystem::path& data_dir);

}  // namespace hallcast
