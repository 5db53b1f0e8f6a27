#include "realtime/codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace hallcast {

std::variant<v1::ClientMessage, DecodeFailure> decodeClientMessage(std::string_view bytes) {
  v1::ClientMessage message;
  if (message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return message;
  // A proto3 parse fails for broken wire format or for a string field that is
  // not UTF-8. RequestHeader reads only request_id and skips the rest, so it
  // parses exactly when the wire format is sound: then UTF-8 was the problem.
  v1::RequestHeader header;
  if (header.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return DecodeFailure{header.request_id(), "a string field is not valid UTF-8"};
  }
  return DecodeFailure{0, "malformed message: not a Protobuf-encoded hallcast.v1.ClientMessage"};
}

Frame encodeEvent(v1::ServerEvent event) {
  v1::ServerMessage message;
  *message.add_events() = std::move(event);
  return std::make_shared<const std::string>(message.SerializeAsString());
}

Frame encodeError(uint64_t request_id, const Rejection& rejection) {
  v1::ServerEvent event;
  v1::Error* error = event.mutable_error();
  error->set_request_id(request_id);
  error->set_code(rejection.code);
  error->set_message(rejection.message);
  error->set_retry_after_ms(rejection.retry_after_ms);
  return encodeEvent(event);
}

Frame encodeRoomEventFrame(std::string_view room_event_bytes) {
  using google::protobuf::internal::WireFormatLite;
  using google::protobuf::io::CodedOutputStream;
  // ServerMessage.events (field 1) { ServerEvent.room_event (field 3) { bytes } }:
  // both are length-delimited fields, so the frame is two tag-length headers
  // in front of the room event's bytes.
  const auto room_event_tag = WireFormatLite::MakeTag(
      v1::ServerEvent::kRoomEventFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  const auto events_tag = WireFormatLite::MakeTag(v1::ServerMessage::kEventsFieldNumber,
                                                  WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  const auto inner_len = static_cast<uint32_t>(room_event_bytes.size());
  const uint32_t event_len = static_cast<uint32_t>(
      CodedOutputStream::VarintSize32(room_event_tag) + CodedOutputStream::VarintSize32(inner_len) +
      inner_len);
  std::string out;
  out.reserve(event_len + 12);
  auto put_varint = [&out](uint32_t v) {
    uint8_t buf[5];
    uint8_t* end = CodedOutputStream::WriteVarint32ToArray(v, buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(end - buf));
  };
  put_varint(events_tag);
  put_varint(event_len);
  put_varint(room_event_tag);
  put_varint(inner_len);
  out.append(room_event_bytes);
  return std::make_shared<const std::string>(std::move(out));
}

}  // namespace hallcast
