#pragma once
// The `rooms` section of the event configuration: each room with its feed,
// ladder, interpretation channels and, for an exhibition, its booths.

#include <yaml-cpp/yaml.h>

#include "config/config_reader.h"
#include "config/event_config.h"

namespace hallcast {

void readRooms(const ConfigKey& rooms, EventConfig& cfg);

}  // namespace hallcast
