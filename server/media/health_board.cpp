#include "media/health_board.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <chrono>
#include <tuple>

#include "common/wall_clock.h"
#include "media/ice_servers.h"
#include "realtime/hub.h"

namespace hallcast {

v1::FeedState toProto(FeedState state) {
  switch (state) {
    case FeedState::kStarting: return v1::FEED_STATE_STARTING;
    case FeedState::kLive: return v1::FEED_STATE_LIVE;
    case FeedState::kStandby: return v1::FEED_STATE_STANDBY;
    case FeedState::kBackup: return v1::FEED_STATE_BACKUP;
    case FeedState::kDown: return v1::FEED_STATE_DOWN;
  }
  return v1::FEED_STATE_UNSPECIFIED;
}

double silenceSeconds(const FeedStats& feed) {
  if (feed.last_level_ns < 0 || feed.last_loud_ns < 0) return 0;
  return static_cast<double>(feed.last_level_ns - feed.last_loud_ns) / 1e9;
}

double silenceSeconds(const RoomHealth& h) { return silenceSeconds(h.feed); }

bool hasMasterPlaylist(const RoomConfig& room) { return !room.ladder.empty() || !room.interpretation.empty(); }

std::string interpretationPlaylistPath(const std::string& room_id, const std::string& language) {
  return "/live/" + room_id + "/audio-" + language + "/index.m3u8";
}

std::string playlistPath(const std::string& room_id) { return "/live/" + room_id + "/index.m3u8"; }

std::vector<std::string> livePlaylistPaths(const RoomConfig& room) {
  std::vector<std::string> paths{playlistPath(room.id)};
  if (hasMasterPlaylist(room)) paths.push_back(masterPlaylistPath(room.id));
  // (Named as RoomPipeline's renditions and channels name their directories.)
  for (const LadderRendition& rung : room.ladder) {
    paths.push_back("/live/" + room.id + "/" + std::to_string(rung.height) + "p/index.m3u8");
  }
  for (const InterpretationConfig& channel : room.interpretation) {
    paths.push_back(interpretationPlaylistPath(room.id, channel.language));
  }
  return paths;
}

std::string masterPlaylistPath(const std::string& room_id) { return "/live/" + room_id + "/master.m3u8"; }

std::filesystem::path replayDir(const std::filesystem::path& data_dir, const std::string& room_id) {
  return data_dir / "replays" / room_id;
}

std::string replayPlaylistPath(const std::string& room_id) { return "/replay/" + room_id + "/index.m3u8"; }

std::string replayMasterPath(const std::string& room_id) { return "/replay/" + room_id + "/master.m3u8"; }

std::string snapshotPath(const std::string& room_id) { return "/api/v1/rooms/" + room_id + "/snapshot.jpg"; }

std::vector<RoomMediaConfig> roomMediaConfigs(const EventConfig& config, const std::filesystem::path& data_dir) {
  std::vector<RoomMediaConfig> out;
  if (!config.media.enabled) return out;
  for (const RoomConfig& room : config.rooms) {
    if (!room.media) continue;
    RoomMediaConfig m;
    m.room_id = room.id;
    m.title = room.title.en + "\n" + room.title.zh;
    m.feed = room.feed;
    m.backup = room.backup;
    m.output_dir = data_dir / "live" / room.id;
    if (room.record) {
      m.recording_dir = data_dir / "recordings" / room.id;
      m.replay_dir = replayDir(data_dir, room.id);
      m.session = {room.start_unix_ms, room.end_unix_ms};
    }
    m.recording_file_duration = std::chrono::seconds(config.media.recording_file_seconds);
    m.hls.segment_ms = config.media.segment_ms;
    m.hls.part_ms = config.media.part_ms;
    m.hls.window = config.media.playlist_segments;
    m.feed_timeout_ms = config.media.feed_timeout_ms;
    m.snapshot_interval_ms = config.media.snapshot_interval_ms;
    m.ladder = room.ladder;
    m.interpretation = room.interpretation;
    m.language = room.language;
    m.webrtc = webRtcOptions(config.webrtc);
    m.whep = config.webrtc.enabled;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<AlertChange> HealthBoard::update(std::vector<RoomHealth> rooms) {
  const auto now = std::chrono::system_clock::now();
  std::vector<FeedSignal> signals;
  signals.reserve(rooms.size());
  std::map<std::string, RoomHealth> next;
  for (RoomHealth& room : rooms) {
    signals.push_back(feedSignal(room));
    std::string id = room.room_id;
    next[id] = std::move(room);
  }
  std::vector<AlertChange> changes;
  for (const auto& [id, health] : rooms_) {
    if (next.contains(id)) continue;
    for (AlertChange& c : alerts_.forget(id, now)) changes.push_back(std::move(c));
  }
  rooms_ = std::move(next);
  const int64_t now_ms = nowUnixMs();
  for (const auto& [id, health] : rooms_) sawState(id, toProto(health.state), now_ms);
  for (AlertChange& c : alerts_.evaluate(signals, now)) changes.push_back(std::move(c));
  return changes;
}

void HealthBoard::sawState(const std::string& room_id, v1::FeedState state, int64_t now_ms) {
  if (state == v1::FEED_STATE_LIVE || state == v1::FEED_STATE_BACKUP) last_on_air_ms_[room_id] = now_ms;
}

int64_t HealthBoard::lastOnAirMs(const std::string& room_id) const {
  auto it = last_on_air_ms_.find(room_id);
  return it == last_on_air_ms_.end() ? 0 : it->second;
}

namespace {

// An alert's identity: one of each kind per room (and interpretation
// channel) is active at a time.
using AlertKey = std::tuple<std::string, int, std::string>;
AlertKey alertKey(const v1::Alert& a) { return {a.room_id(), a.kind(), a.channel()}; }

// The active alerts of other nodes' rooms, each in its own room's report.
std::map<AlertKey, v1::Alert> remoteAlerts(const std::map<std::string, v1::HealthReport>& reports) {
  std::map<AlertKey, v1::Alert> out;
  for (const auto& [room, report] : reports) {
    for (const v1::Alert& a : report.alerts()) {
      if (a.room_id() == room && a.active()) out[alertKey(a)] = a;
    }
  }
  return out;
}

}  // namespace

std::vector<v1::Alert> HealthBoard::setRemote(std::map<std::string, v1::HealthReport> rooms) {
  std::erase_if(rooms, [this](const auto& entry) { return rooms_.contains(entry.first); });
  const auto before = remoteAlerts(remote_);
  const auto after = remoteAlerts(rooms);
  std::vector<v1::Alert> changes;
  for (const auto& [key, alert] : after) {
    if (!before.contains(key)) changes.push_back(alert);
  }
  for (const auto& [key, alert] : before) {
    if (after.contains(key)) continue;
    v1::Alert cleared = alert;
    cleared.set_active(false);
    *cleared.mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
    changes.push_back(std::move(cleared));
  }
  remote_ = std::move(rooms);
  const int64_t now_ms = nowUnixMs();
  for (const auto& [id, report] : remote_) {
    if (report.feeds_size() > 0) sawState(id, report.feeds(0).state(), now_ms);
  }
  return changes;
}

std::map<std::string, std::string> HealthBoard::sharedReports() const {
  std::map<std::string, std::string> out;
  const std::vector<AlertChange> active = alerts_.active();
  for (const auto& [id, h] : rooms_) {
    v1::HealthReport report;
    *report.mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
    *report.add_feeds() = feedHealth(h);
    for (const AlertChange& alert : active) {
      if (alert.room_id == id) *report.add_alerts() = toProto(alert);
    }
    report.SerializeToString(&out[id]);
  }
  return out;
}

namespace {

google::protobuf::Timestamp protoTime(std::chrono::system_clock::time_point t) {
  return google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

}  // namespace

v1::Alert toProto(const AlertChange& alert) {
  v1::Alert a;
  a.set_room_id(alert.room_id);
  switch (alert.kind) {
    case AlertKind::kFeedDown: a.set_kind(v1::ALERT_KIND_FEED_DOWN); break;
    case AlertKind::kBackupOnAir: a.set_kind(v1::ALERT_KIND_BACKUP_ON_AIR); break;
    case AlertKind::kSilence: a.set_kind(v1::ALERT_KIND_SILENCE); break;
    case AlertKind::kBlack: a.set_kind(v1::ALERT_KIND_BLACK); break;
    case AlertKind::kBitrateCollapse: a.set_kind(v1::ALERT_KIND_BITRATE_COLLAPSE); break;
    case AlertKind::kInterpretationSilent: a.set_kind(v1::ALERT_KIND_INTERPRETATION_SILENT); break;
  }
  a.set_channel(alert.channel);
  switch (alert.severity) {
    case AlertSeverity::kInfo: a.set_severity(v1::SEVERITY_INFO); break;
    case AlertSeverity::kWarning: a.set_severity(v1::SEVERITY_WARNING); break;
    case AlertSeverity::kCritical: a.set_severity(v1::SEVERITY_CRITICAL); break;
  }
  a.set_active(alert.active);
  a.set_message(alert.message);
  *a.mutable_since() = protoTime(alert.since);
  *a.mutable_time() = protoTime(alert.time);
  return a;
}

v1::FeedState HealthBoard::feedState(const std::string& room_id) const {
  if (const RoomHealth* h = find(room_id)) return toProto(h->state);
  auto remote = remote_.find(room_id);
  if (remote != remote_.end() && remote->second.feeds_size() > 0) return remote->second.feeds(0).state();
  return v1::FEED_STATE_UNSPECIFIED;
}

const RoomHealth* HealthBoard::find(const std::string& room_id) const {
  auto it = rooms_.find(room_id);
  return it == rooms_.end() ? nullptr : &it->second;
}

v1::FeedHealth HealthBoard::feedHealth(const RoomHealth& h) const {
  v1::FeedHealth f;
  f.set_room_id(h.room_id);
  f.set_state(toProto(h.state));
  f.set_source_uri(h.source_uri);
  f.set_on_air(h.on_air);
  f.set_video_codec(h.feed.video_codec);
  f.set_video_transcoded(h.feed.video_transcoded);
  f.set_width(static_cast<uint32_t>(h.feed.width));
  f.set_height(static_cast<uint32_t>(h.feed.height));
  f.set_fps(h.fps);
  f.set_input_bitrate_bps(h.input_bitrate_bps);
  f.set_keyframe_interval_seconds(h.feed.keyframe_interval_ns > 0 ? static_cast<double>(h.feed.keyframe_interval_ns) / 1e9
                                                                  : 0);
  f.set_audio_codec(h.feed.audio_codec);
  f.set_audio_transcoded(h.feed.audio_transcoded);
  f.set_reconnects(h.reconnects);
  f.set_last_error(h.last_error);
  f.set_uptime_seconds(h.uptime_seconds);
  f.set_newest_segment_age_seconds(h.newest_segment_age_seconds);
  f.set_switches(h.switches);
  f.set_segments(h.segments);
  if (h.snapshots > 0) f.set_snapshot(snapshotPath(h.room_id));
  for (double db : h.feed.audio_peak_dbfs) f.add_audio_peak_dbfs(db);
  for (double db : h.feed.audio_rms_dbfs) f.add_audio_rms_dbfs(db);
  f.set_silence_seconds(silenceSeconds(h));
  f.set_picture_luma(h.picture_luma);
  f.set_black_seconds(h.black_seconds);
  f.set_dropped_buffers(h.dropped_buffers);
  f.set_link_packets_lost(h.feed.link_packets_lost);
  f.set_link_rtt_ms(h.feed.link_rtt_ms);
  f.set_forced(h.forced);
  f.set_recording_files(h.recording_files);
  f.set_node_id(node_id_);
  for (const InterpretationHealth& c : h.interpretation) {
    v1::InterpretationHealth* out = f.add_interpretation();
    out->set_language(c.language);
    out->set_name(c.name);
    out->set_state(toProto(c.state));
    out->set_source_uri(c.source_uri);
    out->set_audio_codec(c.feed.audio_codec);
    for (double db : c.feed.audio_peak_dbfs) out->add_audio_peak_dbfs(db);
    for (double db : c.feed.audio_rms_dbfs) out->add_audio_rms_dbfs(db);
    out->set_silence_seconds(silenceSeconds(c.feed));
    out->set_reconnects(c.reconnects);
    out->set_last_error(c.last_error);
    out->set_playlist(interpretationPlaylistPath(h.room_id, c.language));
    out->set_segments(c.segments);
  }
  return f;
}

v1::HealthReport HealthBoard::report(const Hub& hub) const {
  v1::HealthReport report;
  *report.mutable_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  for (const auto& room : hub.rooms()) {
    v1::FeedHealth* f = nullptr;
    if (const RoomHealth* h = find(room->id())) {
      f = report.add_feeds();
      *f = feedHealth(*h);
    } else if (auto remote = remote_.find(room->id()); remote != remote_.end() && remote->second.feeds_size() > 0) {
      f = report.add_feeds();
      *f = remote->second.feeds(0);
    } else {
      continue;
    }
    // What this node knows best: its viewer count (the cluster's sum) and
    // the paths, which every node serves.
    f->set_viewers(room->viewers());
    f->set_playlist(playlistPath(room->id()));
    if (const RoomConfig* rc = hub.config().findRoom(room->id()); rc && hasMasterPlaylist(*rc)) {
      f->set_master_playlist(masterPlaylistPath(room->id()));
    }
  }
  for (const AlertChange& alert : alerts_.active()) *report.add_alerts() = toProto(alert);
  for (const auto& [key, alert] : remoteAlerts(remote_)) *report.add_alerts() = alert;
  if (hub.storeHealth().failing()) *report.add_alerts() = storageAlert(hub.storeHealth(), true);
  std::stable_sort(report.mutable_alerts()->begin(), report.mutable_alerts()->end(),
                   [](const v1::Alert& a, const v1::Alert& b) {
                     return google::protobuf::util::TimeUtil::TimestampToMilliseconds(a.time()) <
                            google::protobuf::util::TimeUtil::TimestampToMilliseconds(b.time());
                   });
  return report;
}

v1::Alert storageAlert(const StoreHealth& store, bool active) {
  v1::Alert a;
  a.set_kind(v1::ALERT_KIND_STORAGE);
  a.set_severity(v1::SEVERITY_CRITICAL);
  a.set_active(active);
  a.set_message(active ? "the hub cannot store events (" + store.lastError() + "); nothing new is acknowledged"
                       : "storage works again; events are acknowledged");
  *a.mutable_since() = protoTime(store.since());
  *a.mutable_time() = active ? protoTime(store.since()) : google::protobuf::util::TimeUtil::GetCurrentTime();
  return a;
}

std::vector<v1::Alert> HealthBoard::storeAlertChanges(const StoreHealth& store) {
  if (store.failing() == store_alerted_) return {};
  store_alerted_ = store.failing();
  return {storageAlert(store, store_alerted_)};
}

}  // namespace hallcast
