#pragma once
// The event's blocked words (moderation.blocked_words): text that contains
// one is refused. Pure; built once per configuration (re)load.
//
// Matching folds ASCII case only (the text is UTF-8; other scripts pass
// unchanged). An entry made only of ASCII letters and digits matches whole
// words, so "ass" does not block "class": the characters on either side
// must not be ASCII letters or digits (a CJK character next to it is a
// boundary). An entry with any non-ASCII character matches anywhere, since
// Chinese puts no spaces between words. Any other ASCII entry ("bad word",
// "s.o.b") needs a boundary at each end that is a letter or digit.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rooms/rejection.h"

namespace hallcast {

class BlockedWords {
 public:
  BlockedWords() = default;
  // `words` as configured (valid UTF-8, non-empty); duplicates are dropped.
  explicit BlockedWords(const std::vector<std::string>& words);

  // INVALID_ARGUMENT naming the blocked word found first in `text` (as the
  // text writes it), or nullopt when `text` has none. `what` names the text
  // in the message: "the message contains "xxx", which this event does not
  // allow".
  std::optional<Rejection> check(std::string_view text, std::string_view what = "the message") const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string folded;  // lower-case ASCII
    bool boundary_before;
    bool boundary_after;
  };
  std::vector<Entry> entries_;
};

}  // namespace hallcast
