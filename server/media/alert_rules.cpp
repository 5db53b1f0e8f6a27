#include "media/alert_rules.h"

#include <algorithm>
#include <cstdio>

#include "media/health_board.h"

namespace hallcast {
namespace {

// The bitrate rule needs this much history before it judges, looks back
// this far, and wants a collapse (and a recovery) to last this long.
constexpr auto kBitrateHistory = std::chrono::seconds(10);
constexpr auto kBitrateWindow = std::chrono::seconds(30);
constexpr double kBitrateHoldSeconds = 3;

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

std::string kbps(double bps) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f kb/s", bps / 1000);
  return buf;
}

std::chrono::system_clock::duration toDuration(double s) {
  return std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

const char* alertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kFeedDown: return "feed_down";
    case AlertKind::kBackupOnAir: return "backup_on_air";
    case AlertKind::kSilence: return "silence";
    case AlertKind::kBlack: return "black";
    case AlertKind::kBitrateCollapse: return "bitrate_collapse";
    case AlertKind::kInterpretationSilent: return "interpretation_silent";
  }
  return "?";
}

FeedSignal feedSignal(const RoomHealth& health) {
  FeedSignal s;
  s.room_id = health.room_id;
  s.state = health.state;
  s.forced = !health.forced.empty();
  s.silence_seconds = silenceSeconds(health);
  s.black_seconds = health.black_seconds;
  s.input_bitrate_bps = health.input_bitrate_bps;
  for (const InterpretationHealth& c : health.interpretation) {
    s.channels.push_back({c.language, c.name, c.state, silenceSeconds(c.feed)});
  }
  return s;
}

void AlertRules::track(RoomState& room, const std::string& room_id, AlertKind kind, bool holds,
                       double threshold_seconds, Clock::time_point began, const std::string& message,
                       Clock::time_point now, std::vector<AlertChange>& changes, const std::string& channel) {
  Condition& c = room.conditions[{kind, channel}];
  if (!holds) {
    c.since.reset();
    if (c.raised) {
      AlertChange cleared = *c.raised;
      cleared.active = false;
      cleared.severity = AlertSeverity::kInfo;
      cleared.message = std::string("back to normal: ") + c.raised->message;
      cleared.time = now;
      changes.push_back(std::move(cleared));
      c.raised.reset();
    }
    return;
  }
  if (!c.since) c.since = began;
  if (c.raised || std::chrono::duration<double>(now - *c.since).count() < threshold_seconds) return;
  AlertChange raised;
  raised.room_id = room_id;
  raised.kind = kind;
  raised.channel = channel;
  raised.severity = kind == AlertKind::kFeedDown ? AlertSeverity::kCritical : AlertSeverity::kWarning;
  raised.active = true;
  raised.message = message;
  raised.since = *c.since;
  raised.time = now;
  c.raised = raised;
  changes.push_back(std::move(raised));
}

bool AlertRules::bitrateCollapsed(RoomState& room, const FeedSignal& feed, Clock::time_point now) {
  auto& samples = room.bitrate;
  if (feed.state != FeedState::kLive) {
    samples.clear();  // a new flow starts a new history
    room.collapse_baseline = 0;
    return false;
  }
  const double floor = thresholds_.bitrate_drop_percent / 100.0;
  if (room.collapse_baseline > 0) {
    // Collapsed: over once the bitrate is back above twice the floor (a
    // margin, so that it does not flap at the line).
    if (feed.input_bitrate_bps >= 2 * floor * room.collapse_baseline) {
      room.collapse_baseline = 0;  // the samples from before the collapse still count
      return false;
    }
    return true;
  }
  samples.emplace_back(now, feed.input_bitrate_bps);
  samples.erase(samples.begin(), std::find_if(samples.begin(), samples.end(), [&](const auto& s) {
                  return now - s.first <= kBitrateWindow;
                }));
  if (samples.empty() || now - samples.front().first < kBitrateHistory) return false;
  // The level: the mean of the window's samples before the last few seconds
  // (which may be the collapse itself).
  double sum = 0;
  int n = 0;
  for (const auto& [t, bps] : samples) {
    if (std::chrono::duration<double>(now - t).count() <= kBitrateHoldSeconds) continue;
    sum += bps;
    ++n;
  }
  if (n == 0) return false;
  const double level = sum / n;
  if (level <= 0 || feed.input_bitrate_bps >= floor * level) return false;
  room.collapse_baseline = level;
  return true;
}

void AlertRules::trackChannel(RoomState& room, const std::string& room_id, bool hall_on_air,
                              const ChannelSignal& channel, Clock::time_point now, std::vector<AlertChange>& changes) {
  // Listeners of a channel hear nothing: its booth's feed is missing (the
  // rendition carries silence) or its audio is silent. Only while the hall
  // is on air: between sessions booths are quiet by design.
  const std::string who = "the " + channel.name + " (" + channel.language + ") interpretation";
  const double threshold = thresholds_.silence_seconds;
  if (hall_on_air && channel.state != FeedState::kLive) {
    track(room, room_id, AlertKind::kInterpretationSilent, true, threshold, now,
          who + " is off air: its booth's feed is missing and listeners hear silence", now, changes, channel.language);
  } else {
    const bool silent = hall_on_air && channel.silence_seconds >= threshold;
    track(room, room_id, AlertKind::kInterpretationSilent, silent, 0, now - toDuration(channel.silence_seconds),
          who + " has been silent for " + seconds(channel.silence_seconds), now, changes, channel.language);
  }
}

std::vector<AlertChange> AlertRules::evaluate(const std::vector<FeedSignal>& feeds, Clock::time_point now) {
  std::vector<AlertChange> changes;
  const AlertThresholds& t = thresholds_;
  for (const FeedSignal& feed : feeds) {
    RoomState& room = rooms_[feed.room_id];
    const bool live = feed.state == FeedState::kLive;
    const bool on_air = live || feed.state == FeedState::kBackup;
    // A standby a technician forced is no alarm: they know.
    track(room, feed.room_id, AlertKind::kFeedDown, !on_air && !feed.forced, t.down_seconds, now,
          "the hall feed is off air; viewers see the slate", now, changes);
    track(room, feed.room_id, AlertKind::kBackupOnAir, feed.state == FeedState::kBackup, 0, now,
          "the backup feed is on air", now, changes);
    // Silence and black come with their own duration: they began that long ago.
    track(room, feed.room_id, AlertKind::kSilence, live && feed.silence_seconds >= t.silence_seconds, 0,
          now - toDuration(feed.silence_seconds),
          "the hall feed's audio has been silent for " + seconds(feed.silence_seconds), now, changes);
    track(room, feed.room_id, AlertKind::kBlack, on_air && feed.black_seconds >= t.black_seconds, 0,
          now - toDuration(feed.black_seconds),
          "the picture on air has been black for " + seconds(feed.black_seconds), now, changes);
    // A collapse must last a few seconds before it is reported.
    const bool collapsed = bitrateCollapsed(room, feed, now);
    track(room, feed.room_id, AlertKind::kBitrateCollapse, collapsed, kBitrateHoldSeconds, now,
          "the hall feed's bitrate fell to " + kbps(feed.input_bitrate_bps) + " from " +
              kbps(room.collapse_baseline),
          now, changes);
    for (const ChannelSignal& channel : feed.channels) trackChannel(room, feed.room_id, on_air, channel, now, changes);
  }
  return changes;
}

std::vector<AlertChange> AlertRules::active() const {
  std::vector<AlertChange> out;
  for (const auto& [id, room] : rooms_) {
    for (const auto& [kind, c] : room.conditions) {
      if (c.raised) out.push_back(*c.raised);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const AlertChange& a, const AlertChange& b) { return a.time < b.time; });
  return out;
}

std::vector<AlertChange> AlertRules::forget(const std::string& room_id, Clock::time_point now) {
  std::vector<AlertChange> changes;
  auto it = rooms_.find(room_id);
  if (it == rooms_.end()) return changes;
  for (const auto& [kind, c] : it->second.conditions) {
    if (!c.raised) continue;
    AlertChange cleared = *c.raised;
    cleared.active = false;
    cleared.time = now;
    cleared.message = "the feed is no longer ingested by this node";
    changes.push_back(std::move(cleared));
  }
  rooms_.erase(it);
  return changes;
}

}  // namespace hallcast
