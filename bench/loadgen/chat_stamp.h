#pragma once
// What a publisher writes into the chat text so that every receiver can tell
// who sent it, which of that publisher's messages it is, and when it left:
//   "hb <publisher> <sequence> <steady-clock ns>" and optional padding.
// Sender and receivers are the same process, so one steady clock serves both.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bench {

struct ChatStamp {
  uint32_t publisher = 0;  // global publisher index
  uint64_t sequence = 0;   // per publisher, from 1
  uint64_t sent_ns = 0;    // steady clock
};

// The text; padded with '.' to at least `min_chars` (within the hub's limit).
std::string formatChatStamp(const ChatStamp& stamp, std::size_t min_chars = 0);
// nullopt: not a text this generator wrote.
std::optional<ChatStamp> parseChatStamp(std::string_view text);

uint64_t steadyNowNs();

}  // namespace bench
