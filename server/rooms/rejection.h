#pragma once
// Why a request was refused: the code and the sentence the client is sent.

#include <cstdint>
#include <string>
#include <variant>

#include "hallcast/v1/realtime.pb.h"

namespace hallcast {

struct Rejection {
  v1::ErrorCode code = v1::ERROR_CODE_INVALID_ARGUMENT;
  std::string message;
  uint32_t retry_after_ms = 0;
};

// A value, or the reason there is none.
template <typename T>
using Checked = std::variant<T, Rejection>;

}  // namespace hallcast
