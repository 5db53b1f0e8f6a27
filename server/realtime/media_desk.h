#pragma once
// What the hub asks of the media side on behalf of technicians: the health
// report and feed control. An interface, so that the real-time core stays
// free of GStreamer (serve.cpp wires in the real one).

#include <optional>
#include <string>

#include "hallcast/v1/health.pb.h"
#include "hallcast/v1/realtime.pb.h"
#include "rooms/rejection.h"

namespace hallcast {

class MediaDesk {
 public:
  virtual ~MediaDesk() = default;
  // Every room's health with the alerts active now.
  virtual v1::HealthReport healthReport() const = 0;
  // Starts `action` on the room's feed; nullopt when under way, else why not
  // (media off, no backup configured…). The room exists (the hub checked).
  virtual std::optional<Rejection> controlFeed(const std::string& room_id, v1::FeedAction action) = 0;
};

}  // namespace hallcast
