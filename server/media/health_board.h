#pragma once
// The latest stream health of every room, as the media thread last reported
// it. Lives on the event-loop thread (the report arrives through
// LwsServer::post), where HTTP, metrics and the WebSocket read it.

#include <map>
#include <string>
#include <vector>

#include "config/event_config.h"
#include "hallcast/v1/health.pb.h"
#include "media/alert_rules.h"
#include "room/room_pipeline.h"

namespace hallcast {

class Hub;

class HealthBoard {
 public:
  explicit HealthBoard(AlertThresholds thresholds = {}) : alerts_(thresholds) {}

  // Takes the media thread's latest report; returns the alerts it raised or
  // cleared.
  std::vector<AlertChange> update(std::vector<RoomHealth> rooms);

  // The room's feed state; UNSPECIFIED when media is off or not reported yet.
  v1::FeedState feedState(const std::string& room_id) const;
  const RoomHealth* find(const std::string& room_id) const;
  const std::map<std::string, RoomHealth>& rooms() const { return rooms_; }

  // Every room's health and the alerts active now.
  v1::HealthReport report(const Hub& hub) const;
  std::vector<AlertChange> activeAlerts() const { return alerts_.active(); }

 private:
  std::map<std::string, RoomHealth> rooms_;
  AlertRules alerts_;
};

v1::Alert toProto(const AlertChange& alert);

v1::FeedState toProto(FeedState state);

// How long the hall feed's audio has been silent.
double silenceSeconds(const RoomHealth& health);

// Where a room's HLS playlist and its snapshot are served.
std::string playlistPath(const std::string& room_id);
// The master playlist of a room with a ladder (rooms[].ladder).
std::string masterPlaylistPath(const std::string& room_id);
std::string snapshotPath(const std::string& room_id);

// The media settings of each room, from the event configuration.
// HLS goes to <data>/live/<room>, recordings to <data>/recordings/<room>.
std::vector<RoomMediaConfig> roomMediaConfigs(const EventConfig& config, const std::filesystem::path& data_dir);

}  // namespace hallcast
