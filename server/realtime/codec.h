#pragma once
// Wire encoding of the WebSocket protocol: ClientMessage in, ServerMessage out.

#include <string>
#include <string_view>
#include <variant>

#include "common/frame.h"
#include "hallcast/v1/realtime.pb.h"
#include "rooms/rejection.h"

namespace hallcast {

// A ClientMessage that could not be read. `request_id` is recovered when the
// wire format was sound (so the client can match the error to its request).
struct DecodeFailure {
  uint64_t request_id = 0;
  std::string message;
};

std::variant<v1::ClientMessage, DecodeFailure> decodeClientMessage(std::string_view bytes);

// A ServerMessage holding the one event.
Frame encodeEvent(v1::ServerEvent event);

// A ServerMessage holding one room event, built from the room event's own
// encoding (as stored in the log) without encoding it again.
Frame encodeRoomEventFrame(std::string_view room_event_bytes);
Frame encodeError(uint64_t request_id, const Rejection& rejection);

}  // namespace hallcast
