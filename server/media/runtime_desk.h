#pragma once
// The hub's MediaDesk over the real media side: health from the HealthBoard,
// feed control through the MediaRuntime (which runs it on the media thread).
// Lives on the event-loop thread.

#include "config/event_config.h"
#include "media/health_board.h"
#include "media_runtime.h"
#include "realtime/media_desk.h"

namespace hallcast {

class Hub;

class RuntimeDesk : public MediaDesk {
 public:
  RuntimeDesk(const EventConfig& config, const HealthBoard& board, MediaRuntime& runtime, const Hub& hub)
      : config_(config), board_(board), runtime_(runtime), hub_(hub) {}

  v1::HealthReport healthReport() const override { return board_.report(hub_); }
  std::optional<Rejection> controlFeed(const std::string& room_id, v1::FeedAction action) override;

 private:
  const EventConfig& config_;
  const HealthBoard& board_;
  MediaRuntime& runtime_;
  const Hub& hub_;
};

}  // namespace hallcast
