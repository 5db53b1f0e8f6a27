#pragma once
// What the hub asks of the media side on behalf of technicians: the health
// report and feed control. An interface, so that the real-time core stays
// free of GStreamer (serve.cpp wires in the real one).

#include <functional>
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
  // Starts `action` on the room's feed, then tells `done`: nullopt when under
  // way, else why not (media off, no backup configured…) — at once, or on a
  // later loop turn when the command goes to the node that ingests the
  // room. The room exists (the hub checked).
  using Done = std::function<void(std::optional<Rejection>)>;
  virtual void controlFeed(const std::string& room_id, v1::FeedAction action, Done done) = 0;
};

}  // namespace hallcast
