#pragma once
// Walks a ServerMessage frame (several events, possibly several concatenated
// ServerMessages) without building message objects: at a million deliveries
// per second the generated classes' allocation and copying per event would
// make the generator the bottleneck it must not be. Room events are read
// field by field (room, seq, chat text); every other event is handed over as
// its encoded ServerEvent, which the caller parses with the generated class
// (they are rare: acks, errors, presence, reactions).

#include <cstdint>
#include <string_view>

namespace bench {

struct RoomEventView {
  std::string_view room_id;
  uint64_t seq = 0;
  bool has_chat = false;
  std::string_view chat_text;
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void onRoomEvent(const RoomEventView& event) = 0;
  // Any other ServerEvent, encoded.
  virtual void onOtherEvent(std::string_view server_event) = 0;
};

// False when the bytes are not a well-formed ServerMessage (the events
// before the damage have been reported).
bool scanServerMessage(std::string_view frame, FrameSink& sink);

}  // namespace bench
