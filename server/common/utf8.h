#pragma once
// UTF-8 checks for text that people type: chat messages, display names.

#include <cstddef>
#include <string>
#include <string_view>

namespace hallcast {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
bool isValidUtf8(std::string_view s);

// `s` with each malformed sequence replaced by U+FFFD (one per byte that
// cannot start a code point): text quoted back to people, such as a path
// that was not found, is then always valid UTF-8, as Protobuf and JSON want.
std::string toValidUtf8(std::string_view s);

// Number of code points in well-formed UTF-8.
std::size_t countCodePoints(std::string_view s);

// `s` without leading and trailing white space: ASCII white space and the
// Unicode spaces people paste, including U+3000 IDEOGRAPHIC SPACE from
// Chinese input methods and U+FEFF. `s` must be valid UTF-8.
std::string_view trimSpace(std::string_view s);

}  // namespace hallcast
