#include "media/runtime_desk.h"

#include <spdlog/spdlog.h>

namespace hallcast {
namespace {

std::optional<FeedCommand> toCommand(v1::FeedAction action) {
  switch (action) {
    case v1::FEED_ACTION_RESTART: return FeedCommand::kRestart;
    case v1::FEED_ACTION_FORCE_STANDBY: return FeedCommand::kForceStandby;
    case v1::FEED_ACTION_USE_BACKUP: return FeedCommand::kUseBackup;
    case v1::FEED_ACTION_AUTOMATIC: return FeedCommand::kAutomatic;
    default: return std::nullopt;
  }
}

}  // namespace

void RuntimeDesk::controlFeed(const std::string& room_id, v1::FeedAction action, Done done) {
  const RoomConfig* room = config_.findRoom(room_id);
  if (!room) return done(Rejection{v1::ERROR_CODE_NOT_FOUND, "no room \"" + room_id + "\""});
  const std::optional<FeedCommand> command = toCommand(action);
  if (!command) return done(Rejection{v1::ERROR_CODE_INVALID_ARGUMENT, "unknown feed action"});
  if (command == FeedCommand::kUseBackup && !room->backup) {
    return done(Rejection{v1::ERROR_CODE_FAILED_PRECONDITION,
                          "room \"" + room_id + "\" has no backup feed (feed.backup in the configuration)"});
  }
  if (owners_) {
    if (const FeedOwner* owner = owners_->elsewhere(room_id)) {
      forward_(*owner, room_id, action, [done = std::move(done), room_id, node = owner->node_id](std::string error) {
        if (error.empty()) return done(std::nullopt);
        spdlog::error("room {}: a feed command for node {} could not be passed on: {}", room_id, node, error);
        done(Rejection{v1::ERROR_CODE_INTERNAL, "the command could not reach node " + node +
                                                    ", which ingests room \"" + room_id + "\"; nothing changed"});
      });
      return;
    }
    if (!owners_->find(room_id)) {
      return done(Rejection{v1::ERROR_CODE_FAILED_PRECONDITION,
                            "no node ingests the feed of room \"" + room_id +
                                "\" right now (it is moving to another node); try again in a few seconds"});
    }
  }
  runtime_.control(room_id, *command);
  done(std::nullopt);
}

void RuntimeDesk::controlForwarded(const std::string& room_id, v1::FeedAction action) {
  const std::optional<FeedCommand> command = toCommand(action);
  if (!command || !config_.findRoom(room_id) || (owners_ && owners_->elsewhere(room_id))) {
    spdlog::warn("room {}: a feed command passed on by another node was dropped: this node does not ingest it",
                 room_id);
    return;
  }
  runtime_.control(room_id, *command);
}

}  // namespace hallcast
