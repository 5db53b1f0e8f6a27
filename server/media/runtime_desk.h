#pragma once
// The hub's MediaDesk over the real media side: health from the HealthBoard,
// feed control through the MediaRuntime (which runs it on the media thread).
// In a cluster, a command for a room another node ingests is passed to
// that node. Lives on the event-loop thread.

#include <functional>

#include "config/event_config.h"
#include "media/feed_owners.h"
#include "media/health_board.h"
#include "media_runtime.h"
#include "realtime/media_desk.h"

namespace hallcast {

class Hub;

class RuntimeDesk : public MediaDesk {
 public:
  // Passes a command to the node that ingests the room (off the loop), then
  // calls `done` on the loop with the error that stopped it ("": passed on).
  using Forward = std::function<void(const FeedOwner& owner, const std::string& room_id, v1::FeedAction action,
                                     std::function<void(std::string error)> done)>;

  // `owners` and `forward`: cluster mode only.
  RuntimeDesk(const EventConfig& config, const HealthBoard& board, MediaRuntime& runtime, const Hub& hub,
              const FeedOwners* owners = nullptr, Forward forward = {})
      : config_(config), board_(board), runtime_(runtime), hub_(hub), owners_(owners), forward_(std::move(forward)) {}

  v1::HealthReport healthReport() const override { return board_.report(hub_); }
  void controlFeed(const std::string& room_id, v1::FeedAction action, Done done) override;

  // A command another node passed on (already checked there): run when
  // this node still ingests the room, else dropped with a warning.
  void controlForwarded(const std::string& room_id, v1::FeedAction action);

 private:
  const EventConfig& config_;
  const HealthBoard& board_;
  MediaRuntime& runtime_;
  const Hub& hub_;
  const FeedOwners* owners_;
  Forward forward_;
};

}  // namespace hallcast
