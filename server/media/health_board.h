#pragma once
// The latest stream health of every room: of the rooms this node ingests,
// as its media thread last reported it; in a cluster, of the rooms other
// nodes ingest, as they last published it (with their alerts). Lives on
// the event-loop thread (reports arrive through LwsServer::post), where
// HTTP, metrics and the WebSocket read it.

#include <map>
#include <string>
#include <vector>

#include "config/event_config.h"
#include "hallcast/v1/health.pb.h"
#include "media/alert_rules.h"
#include "room/room_pipeline.h"
#include "store/store_health.h"

namespace hallcast {

class Hub;

class HealthBoard {
 public:
  // `node_id`: this node's, named in its rooms' health (cluster mode).
  explicit HealthBoard(AlertThresholds thresholds = {}, std::string node_id = {})
      : alerts_(thresholds), node_id_(std::move(node_id)) {}

  // Takes the media thread's latest report, of every room this node
  // ingests (a room left out is no longer ingested here: its alerts end);
  // returns the alerts it raised or cleared.
  std::vector<AlertChange> update(std::vector<RoomHealth> rooms);

  // Cluster mode: the reports other nodes published of the rooms they
  // ingest (room -> its report, with the room's active alerts), replacing
  // the last; rooms this node ingests are ignored. Returns the alerts that
  // were raised or cleared since the last (as seen from here).
  std::vector<v1::Alert> setRemote(std::map<std::string, v1::HealthReport> rooms);

  // The room's feed state; UNSPECIFIED when media is off or not reported yet.
  v1::FeedState feedState(const std::string& room_id) const;
  // When a report last showed the room's feed on air (LIVE or BACKUP), in
  // unix ms; 0: never since this node started. A session is live once its
  // feed has been on air after its start (see roomStatus).
  int64_t lastOnAirMs(const std::string& room_id) const;
  // Of the rooms this node ingests.
  const RoomHealth* find(const std::string& room_id) const;
  const std::map<std::string, RoomHealth>& rooms() const { return rooms_; }

  // Every room's health and the alerts active now.
  v1::HealthReport report(const Hub& hub) const;
  // The alerts of the rooms this node ingests.
  std::vector<AlertChange> activeAlerts() const { return alerts_.active(); }

  // What this node publishes for the others: for each room it ingests, a
  // report of that room alone with its active alerts, serialized.
  std::map<std::string, std::string> sharedReports() const;

  // The event-wide storage alert raised or cleared since the last call,
  // as `store` says now (none when nothing changed). Its active alert is in
  // every report() while it lasts.
  std::vector<v1::Alert> storeAlertChanges(const StoreHealth& store);

 private:
  v1::FeedHealth feedHealth(const RoomHealth& h) const;

  std::map<std::string, RoomHealth> rooms_;
  AlertRules alerts_;
  std::string node_id_;
  std::map<std::string, v1::HealthReport> remote_;
  std::map<std::string, int64_t> last_on_air_ms_;
  // Notes the time of a report whose feed is on air.
  void sawState(const std::string& room_id, v1::FeedState state, int64_t now_ms);
  bool store_alerted_ = false;
};

// The event-wide alert for a store that refuses writes (`active` false:
// its end).
v1::Alert storageAlert(const StoreHealth& store, bool active);

v1::Alert toProto(const AlertChange& alert);

v1::FeedState toProto(FeedState state);

// How long the hall feed's audio (or a feed's) has been silent.
double silenceSeconds(const RoomHealth& health);
double silenceSeconds(const FeedStats& feed);

// Where a room's HLS playlist and its snapshot are served.
std::string playlistPath(const std::string& room_id);
// The master playlist of a room with a ladder or interpretation.
std::string masterPlaylistPath(const std::string& room_id);
bool hasMasterPlaylist(const RoomConfig& room);
// An interpretation channel's audio playlist.
std::string interpretationPlaylistPath(const std::string& room_id, const std::string& language);
// Every live playlist a room with media writes, as served ("/live/ROOM/..."):
// its own, its master, each ladder rung's and interpretation channel's.
std::vector<std::string> livePlaylistPaths(const RoomConfig& room);
std::string snapshotPath(const std::string& room_id);

// A recorded room's replay (its session's HLS segments and playlist).
std::filesystem::path replayDir(const std::filesystem::path& data_dir, const std::string& room_id);
// Where it is served; with interpretation, its master playlist lists the
// channels' replays too.
std::string replayPlaylistPath(const std::string& room_id);
std::string replayMasterPath(const std::string& room_id);

// The media settings of each room, from the event configuration.
// HLS goes to <data>/live/<room>, recordings to <data>/recordings/<room>,
// replays to <data>/replays/<room>.
std::vector<RoomMediaConfig> roomMediaConfigs(const EventConfig& config, const std::filesystem::path& data_dir);

}  // namespace hallcast
