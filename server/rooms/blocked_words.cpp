#include "rooms/blocked_words.h"

#include <algorithm>

namespace hallcast {
namespace {

bool isAsciiWordChar(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Bytes of UTF-8 at or above 0x80 belong to non-ASCII characters and are
// left as they are, so the folded text is still valid UTF-8 at the same
// offsets as the original.
std::string foldAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

BlockedWords::BlockedWords(const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    if (word.empty()) continue;
    std::string folded = foldAscii(word);
    const bool ascii = std::all_of(folded.begin(), folded.end(), [](unsigned char c) { return c < 0x80; });
    if (std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.folded == folded; })) continue;
    entries_.push_back({std::move(folded), ascii && isAsciiWordChar(word.front()),
                        ascii && isAsciiWordChar(word.back())});
  }
}

std::optional<Rejection> BlockedWords::check(std::string_view text, std::string_view what) const {
  if (entries_.empty()) return std::nullopt;
  const std::string folded = foldAscii(text);
  // The match that starts first (the longest there), so the message names
  // what the person sees first in their text.
  std::size_t best_at = std::string::npos;
  std::size_t best_len = 0;
  for (const Entry& entry : entries_) {
    for (std::size_t at = folded.find(entry.folded); at != std::string::npos && at <= best_at;
         at = folded.find(entry.folded, at + 1)) {
      const std::size_t end = at + entry.folded.size();
      const bool starts_word = !entry.boundary_before || at == 0 || !isAsciiWordChar(folded[at - 1]);
      const bool ends_word = !entry.boundary_after || end == folded.size() || !isAsciiWordChar(folded[end]);
      if (!starts_word || !ends_word) continue;
      if (at < best_at || entry.folded.size() > best_len) {
        best_at = at;
        best_len = entry.folded.size();
      }
      break;
    }
  }
  if (best_at == std::string::npos) return std::nullopt;
  return Rejection{v1::ERROR_CODE_INVALID_ARGUMENT,
                   std::string(what) + " contains \"" + std::string(text.substr(best_at, best_len)) +
                       "\", which this event does not allow"};
}

}  // namespace hallcast
