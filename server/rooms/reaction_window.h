#pragma once
// Sums a room's reactions over a short window, so that a hall of people
// clapping becomes one message per window for each member instead of one per
// clap. Pure: the hub adds and takes on its loop.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "hallcast/v1/interaction.pb.h"

namespace hallcast {

// The reactions people may send, in the order counts are reported.
inline constexpr std::array<std::string_view, 6> kReactionEmoji = {"👏", "❤️", "👍", "🎉", "💡", "🤔"};

class ReactionWindow {
 public:
  // False when `emoji` is not one of kReactionEmoji.
  bool add(std::string_view emoji);
  // The counts since the last take (nullopt: none), and a fresh window.
  std::optional<v1::Reactions> take(const std::string& room_id, uint32_t window_ms);

 private:
  std::array<uint32_t, kReactionEmoji.size()> counts_{};
  bool any_ = false;
};

}  // namespace hallcast
