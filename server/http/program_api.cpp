#include "http/program_api.h"

#include <google/protobuf/util/time_util.h>

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

void fill(v1::LocalizedText* out, const LocalizedTitle& title) {
  out->set_en(title.en);
  out->set_zh(title.zh);
}

}  // namespace

v1::RoomStatus roomStatus(const RoomConfig& room, int64_t now_unix_ms, bool has_media, int64_t last_on_air_ms) {
  if (now_unix_ms < room.start_unix_ms) return v1::ROOM_STATUS_UPCOMING;
  if (now_unix_ms >= room.end_unix_ms) return v1::ROOM_STATUS_ENDED;
  if (has_media && last_on_air_ms < room.start_unix_ms) return v1::ROOM_STATUS_UPCOMING;  // the hall is not on air yet
  return v1::ROOM_STATUS_LIVE;
}

std::string logoPath(const std::string& room_id) { return "/api/v1/rooms/" + room_id + "/logo"; }

v1::Program buildProgram(const Hub& hub, const HealthBoard& health, int64_t now_unix_ms,
                         const std::filesystem::path& data_dir) {
  const EventConfig& config = hub.config();
  v1::Program program;
  v1::Event* event = program.mutable_event();
  event->set_id(config.id);
  fill(event->mutable_title(), config.title);
  fill(event->mutable_theme(), config.theme);
  event->set_venue(config.venue);
  event->set_time_zone(config.time_zone);
  for (const auto& room : hub.rooms()) {
    const RoomConfig& rc = room->config();
    v1::Room* out = program.add_rooms();
    out->set_id(rc.id);
    out->set_kind(rc.kind);
    fill(out->mutable_title(), rc.title);
    *out->mutable_schedule()->mutable_start() = TimeUtil::MillisecondsToTimestamp(rc.start_unix_ms);
    *out->mutable_schedule()->mutable_end() = TimeUtil::MillisecondsToTimestamp(rc.end_unix_ms);
    out->mutable_schedule()->set_time_zone(config.time_zone);
    const bool media = config.media.enabled && rc.media;
    out->set_status(roomStatus(rc, now_unix_ms, media, health.lastOnAirMs(rc.id)));
    std::error_code ec;
    if (media && rc.record && out->status() == v1::ROOM_STATUS_ENDED) {
      // With interpretation the replay is its master playlist (the audio
      // languages), which follows the main playlist by moments.
      const std::filesystem::path dir = replayDir(data_dir, rc.id);
      const bool master = !rc.interpretation.empty();
      if (std::filesystem::is_regular_file(dir / (master ? "master.m3u8" : "index.m3u8"), ec)) {
        out->set_replay(master ? replayMasterPath(rc.id) : replayPlaylistPath(rc.id));
      }
    }
    out->set_viewers(room->viewers());
    out->set_feed_state(health.feedState(rc.id));
    if (media) out->set_playlist(playlistPath(rc.id));
    if (media && hasMasterPlaylist(rc)) out->set_master_playlist(masterPlaylistPath(rc.id));
    out->set_language(rc.language);
    if (media) {
      for (const InterpretationConfig& channel : rc.interpretation) {
        v1::InterpretationChannel* c = out->add_interpretation();
        c->set_language(channel.language);
        c->set_name(channel.name);
      }
    }
    out->set_press_only_questions(rc.press_only_questions);
    if (rc.booth) {
      out->set_parent_room_id(rc.booth->parent);
      fill(out->mutable_description(), rc.booth->description);
      if (!rc.booth->logo.empty()) out->set_logo(logoPath(rc.id));
    }
  }
  *program.mutable_server_time() = TimeUtil::MillisecondsToTimestamp(now_unix_ms);
  return program;
}

}  // namespace hallcast
