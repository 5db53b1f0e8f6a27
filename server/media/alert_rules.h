#pragma once
// Turns the once-a-second health of every room into alerts for
// technicians: a condition that has held for its threshold raises an alert,
// and its end clears it ("back to normal"). Each change is reported once.
// Pure: health and time are passed in.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/event_config.h"
#include "room/room_pipeline.h"

namespace hallcast {

enum class AlertKind { kFeedDown, kBackupOnAir, kSilence, kBlack, kBitrateCollapse, kInterpretationSilent };
enum class AlertSeverity { kInfo, kWarning, kCritical };

const char* alertKindName(AlertKind kind);

struct AlertChange {
  std::string room_id;
  AlertKind kind = AlertKind::kFeedDown;
  std::string channel;  // kInterpretationSilent: the channel's language
  AlertSeverity severity = AlertSeverity::kWarning;
  bool active = false;  // false: back to normal
  std::string message;
  std::chrono::system_clock::time_point since;  // when the condition began
  std::chrono::system_clock::time_point time;   // of this change
};

// What the rules look at in an interpretation channel's health.
struct ChannelSignal {
  std::string language;
  std::string name;
  FeedState state = FeedState::kStarting;  // kLive: the booth's audio is on air
  double silence_seconds = 0;
};

// What the rules look at in a room's health.
struct FeedSignal {
  std::string room_id;
  FeedState state = FeedState::kStarting;
  bool forced = false;  // a technician chose what is on air
  double silence_seconds = 0;
  double black_seconds = 0;
  double input_bitrate_bps = 0;
  std::vector<ChannelSignal> channels;
};
FeedSignal feedSignal(const RoomHealth& health);

class AlertRules {
 public:
  using Clock = std::chrono::system_clock;

  explicit AlertRules(AlertThresholds thresholds) : thresholds_(thresholds) {}

  // The changes this report brings, in room order.
  std::vector<AlertChange> evaluate(const std::vector<FeedSignal>& feeds, Clock::time_point now);

  // Alerts active now, oldest first.
  std::vector<AlertChange> active() const;
  // The room is no longer watched here (its feed moved to another node of
  // a cluster): its active alerts end, each reported once as cleared.
  std::vector<AlertChange> forget(const std::string& room_id, Clock::time_point now);

 private:
  struct Condition {
    std::optional<Clock::time_point> since;  // the condition holds since
    std::optional<AlertChange> raised;       // the alert, once raised
  };
  struct RoomState {
    std::map<std::pair<AlertKind, std::string>, Condition> conditions;  // by kind and channel
    // Bitrate while live, for the collapse rule: samples of the last window,
    // and the level before a collapse (kept while it lasts).
    std::vector<std::pair<Clock::time_point, double>> bitrate;
    double collapse_baseline = 0;
  };

  // Updates one condition, which holds since `began` if it did not before;
  // appends a change when the alert is raised or cleared.
  void track(RoomState& room, const std::string& room_id, AlertKind kind, bool holds, double threshold_seconds,
             Clock::time_point began, const std::string& message, Clock::time_point now,
             std::vector<AlertChange>& changes, const std::string& channel = {});
  // A channel's booth silent or off air while the hall is on air.
  void trackChannel(RoomState& room, const std::string& room_id, bool hall_on_air, const ChannelSignal& channel,
                    Clock::time_point now, std::vector<AlertChange>& changes);
  bool bitrateCollapsed(RoomState& room, const FeedSignal& feed, Clock::time_point now);

  AlertThresholds thresholds_;
  std::map<std::string, RoomState> rooms_;
};

}  // namespace hallcast
