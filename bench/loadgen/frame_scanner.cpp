#include "loadgen/frame_scanner.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace bench {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// Field numbers of hallcast.v1 (proto/hallcast/v1/realtime.proto, common.proto).
constexpr int kServerMessageEvents = 1;
constexpr int kServerEventRoomEvent = 3;
constexpr int kRoomEventRoomId = 1;
constexpr int kRoomEventSeq = 2;
constexpr int kRoomEventChat = 10;
constexpr int kChatMessageText = 2;

CodedInputStream streamOver(std::string_view bytes) {
  return CodedInputStream(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
}

// Reads a length-delimited field's bytes (its tag already read) without copying.
bool readBytes(CodedInputStream& in, std::string_view whole, std::string_view& out) {
  uint32_t length = 0;
  if (!in.ReadVarint32(&length)) return false;
  const int at = in.CurrentPosition();
  if (!in.Skip(static_cast<int>(length))) return false;
  out = whole.substr(static_cast<std::size_t>(at), length);
  return true;
}

bool isLengthDelimited(uint32_t tag) {
  return WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
}

bool scanChat(std::string_view bytes, RoomEventView& view) {
  CodedInputStream in = streamOver(bytes);
  while (const uint32_t tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == kChatMessageText && isLengthDelimited(tag)) {
      if (!readBytes(in, bytes, view.chat_text)) return false;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return in.ConsumedEntireMessage();
}

bool scanRoomEvent(std::string_view bytes, RoomEventView& view) {
  CodedInputStream in = streamOver(bytes);
  while (const uint32_t tag = in.ReadTag()) {
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    if (field == kRoomEventRoomId && isLengthDelimited(tag)) {
      if (!readBytes(in, bytes, view.room_id)) return false;
    } else if (field == kRoomEventSeq && WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_VARINT) {
      if (!in.ReadVarint64(&view.seq)) return false;
    } else if (field == kRoomEventChat && isLengthDelimited(tag)) {
      std::string_view chat;
      if (!readBytes(in, bytes, chat) || !scanChat(chat, view)) return false;
      view.has_chat = true;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return in.ConsumedEntireMessage();
}

// One ServerEvent: a room event is scanned, anything else handed over whole.
bool scanEvent(std::string_view bytes, FrameSink& sink) {
  CodedInputStream in = streamOver(bytes);
  const uint32_t tag = in.ReadTag();
  if (WireFormatLite::GetTagFieldNumber(tag) != kServerEventRoomEvent || !isLengthDelimited(tag)) {
    sink.onOtherEvent(bytes);
    return true;
  }
  std::string_view room_event;
  if (!readBytes(in, bytes, room_event)) return false;
  RoomEventView view;
  if (!scanRoomEvent(room_event, view)) return false;
  sink.onRoomEvent(view);
  return true;
}

}  // namespace

bool scanServerMessage(std::string_view frame, FrameSink& sink) {
  CodedInputStream in = streamOver(frame);
  while (const uint32_t tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == kServerMessageEvents && isLengthDelimited(tag)) {
      std::string_view event;
      if (!readBytes(in, frame, event) || !scanEvent(event, sink)) return false;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return in.ConsumedEntireMessage();
}

}  // namespace bench
