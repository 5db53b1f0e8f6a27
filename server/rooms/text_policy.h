#pragma once
// What text people may send: chat messages and display names. Pure functions.

#include <string>
#include <string_view>

#include "rooms/rejection.h"

namespace hallcast {

// The chat text as it will be stored: trimmed, CR LF folded to LF; rejected
// when empty, longer than `max_chars` code points, or holding control
// characters other than tab and newline.
Checked<std::string> normalizeChatText(std::string_view text, uint32_t max_chars);

// The same rules for other text people write (questions, replies, poll
// options, announcements); `what` names it in the refusal ("question").
Checked<std::string> normalizeText(std::string_view text, uint32_t max_chars, const char* what);

inline constexpr uint32_t kMaxDisplayNameChars = 64;

// A display name: trimmed, 1..64 code points, no control characters.
Checked<std::string> normalizeDisplayName(std::string_view name);

}  // namespace hallcast
