#include "media/runtime_desk.h"

namespace hallcast {

std::optional<Rejection> RuntimeDesk::controlFeed(const std::string& room_id, v1::FeedAction action) {
  const RoomConfig* room = config_.findRoom(room_id);
  if (!room) return Rejection{v1::ERROR_CODE_NOT_FOUND, "no room \"" + room_id + "\""};
  FeedCommand command = FeedCommand::kAutomatic;
  switch (action) {
    case v1::FEED_ACTION_RESTART: command = FeedCommand::kRestart; break;
    case v1::FEED_ACTION_FORCE_STANDBY: command = FeedCommand::kForceStandby; break;
    case v1::FEED_ACTION_USE_BACKUP:
      if (!room->backup) {
        return Rejection{v1::ERROR_CODE_FAILED_PRECONDITION,
                         "room \"" + room_id + "\" has no backup feed (feed.backup in the configuration)"};
      }
      command = FeedCommand::kUseBackup;
      break;
    case v1::FEED_ACTION_AUTOMATIC: command = FeedCommand::kAutomatic; break;
    default: return Rejection{v1::ERROR_CODE_INVALID_ARGUMENT, "unknown feed action"};
  }
  runtime_.control(room_id, command);
  return std::nullopt;
}

}  // namespace hallcast
