#include "loadgen/chat_stamp.h"

#include <charconv>
#include <chrono>

namespace bench {
namespace {

constexpr std::string_view kPrefix = "hb ";

// Reads a decimal number and the one space after it (none after the last).
bool readNumber(std::string_view& text, uint64_t& out, bool last) {
  const char* end = text.data() + text.size();
  auto [next, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc() || next == text.data()) return false;
  if (!last) {
    if (next == end || *next != ' ') return false;
    ++next;
  }
  text.remove_prefix(static_cast<std::size_t>(next - text.data()));
  return true;
}

}  // namespace

std::string formatChatStamp(const ChatStamp& stamp, std::size_t min_chars) {
  std::string text(kPrefix);
  text += std::to_string(stamp.publisher);
  text += ' ';
  text += std::to_string(stamp.sequence);
  text += ' ';
  text += std::to_string(stamp.sent_ns);
  if (text.size() < min_chars) {
    text += ' ';
    text.append(min_chars - text.size(), '.');
  }
  return text;
}

std::optional<ChatStamp> parseChatStamp(std::string_view text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  uint64_t publisher = 0;
  ChatStamp stamp;
  if (!readNumber(text, publisher, false) || !readNumber(text, stamp.sequence, false) ||
      !readNumber(text, stamp.sent_ns, true)) {
    return std::nullopt;
  }
  stamp.publisher = static_cast<uint32_t>(publisher);
  return stamp;
}

uint64_t steadyNowNs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace bench
