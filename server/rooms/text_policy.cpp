#include "rooms/text_policy.h"

#include "common/utf8.h"

namespace hallcast {
namespace {

Rejection invalid(std::string message) {
  return Rejection{v1::ERROR_CODE_INVALID_ARGUMENT, std::move(message)};
}

bool isControl(unsigned char c, bool allow_newline) {
  if (c == '\t' || (allow_newline && c == '\n')) return false;
  return c < 0x20 || c == 0x7F;
}

// Shared by chat text and display names: UTF-8 check, CR LF folding, trim,
// control characters, length.
Checked<std::string> normalize(std::string_view text, uint32_t max_chars, bool allow_newline,
                               const char* what) {
  if (!isValidUtf8(text)) return invalid(std::string(what) + " is not valid UTF-8");
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    folded.push_back(text[i]);
  }
  const std::string_view trimmed = trimSpace(folded);
  if (trimmed.empty()) return invalid(std::string(what) + " is empty");
  for (unsigned char c : trimmed) {
    if (isControl(c, allow_newline)) {
      return invalid(std::string(what) + " contains control characters");
    }
  }
  const std::size_t chars = countCodePoints(trimmed);
  if (chars > max_chars) {
    return invalid(std::string(what) + " is " + std::to_string(chars) +
                   " characters long; the limit is " + std::to_string(max_chars));
  }
  return std::string(trimmed);
}

}  // namespace

Checked<std::string> normalizeChatText(std::string_view text, uint32_t max_chars) {
  return normalize(text, max_chars, /*allow_newline=*/true, "chat message");
}

Checked<std::string> normalizeText(std::string_view text, uint32_t max_chars, const char* what) {
  return normalize(text, max_chars, /*allow_newline=*/true, what);
}

Checked<std::string> normalizeDisplayName(std::string_view name) {
  return normalize(name, kMaxDisplayNameChars, /*allow_newline=*/false, "display name");
}

}  // namespace hallcast
