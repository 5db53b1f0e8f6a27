#include "rooms/reaction_window.h"

#include <algorithm>

namespace hallcast {

bool ReactionWindow::add(std::string_view emoji) {
  // "❤" without the emoji variation selector is the same heart.
  if (emoji == "❤") emoji = kReactionEmoji[1];
  auto it = std::find(kReactionEmoji.begin(), kReactionEmoji.end(), emoji);
  if (it == kReactionEmoji.end()) return false;
  ++counts_[static_cast<std::size_t>(it - kReactionEmoji.begin())];
  any_ = true;
  return true;
}

std::optional<v1::Reactions> ReactionWindow::take(const std::string& room_id, uint32_t window_ms) {
  if (!any_) return std::nullopt;
  v1::Reactions out;
  out.set_room_id(room_id);
  out.set_window_ms(window_ms);
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    v1::Reactions::Count* count = out.add_counts();
    count->set_emoji(std::string(kReactionEmoji[i]));
    count->set_count(counts_[i]);
  }
  counts_.fill(0);
  any_ = false;
  return out;
}

}  // namespace hallcast
