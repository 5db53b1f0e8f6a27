#include "realtime/codec.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

namespace hallcast {
namespace {

using google::protobuf::util::MessageDifferencer;

v1::RoomEvent chatEvent(uint64_t seq, const std::string& text) {
  v1::RoomEvent e;
  e.set_room_id("main-forum");
  e.set_seq(seq);
  e.mutable_chat()->set_text(text);
  e.mutable_chat()->mutable_author()->set_display_name("李雷");
  return e;
}

TEST(Codec, RoomEventFrameEqualsEncodingTheWholeMessage) {
  for (std::size_t size : {0u, 10u, 200u, 20000u}) {  // one- to three-byte lengths
    const v1::RoomEvent event = chatEvent(7, std::string(size, 'x'));
    v1::ServerEvent wrapped;
    *wrapped.mutable_room_event() = event;
    EXPECT_EQ(*encodeRoomEventFrame(event.SerializeAsString()), *encodeEvent(wrapped)) << size;
  }
}

TEST(Codec, ConcatenatedFramesParseAsOneBatch) {
  const std::string batch = *encodeRoomEventFrame(chatEvent(1, "a").SerializeAsString()) +
                            *encodeError(9, {v1::ERROR_CODE_NOT_FOUND, "no room"}) +
                            *encodeRoomEventFrame(chatEvent(2, "b").SerializeAsString());
  v1::ServerMessage message;
  ASSERT_TRUE(message.ParseFromString(batch));
  ASSERT_EQ(message.events_size(), 3);
  EXPECT_EQ(message.events(0).room_event().seq(), 1u);
  EXPECT_EQ(message.events(1).error().request_id(), 9u);
  EXPECT_EQ(message.events(1).error().code(), v1::ERROR_CODE_NOT_FOUND);
  EXPECT_TRUE(MessageDifferencer::Equals(message.events(2).room_event(), chatEvent(2, "b")));
}

TEST(Codec, DecodesAClientMessage) {
  v1::ClientMessage m;
  m.set_request_id(42);
  m.mutable_send_chat()->set_room_id("main-forum");
  m.mutable_send_chat()->set_text("你好");
  auto decoded = decodeClientMessage(m.SerializeAsString());
  ASSERT_TRUE(std::holds_alternative<v1::ClientMessage>(decoded));
  EXPECT_EQ(std::get<v1::ClientMessage>(decoded).send_chat().text(), "你好");
}

TEST(Codec, ReportsMalformedBytes) {
  auto decoded = decodeClientMessage("\xff\xff\xff\xff");
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(decoded));
  EXPECT_EQ(std::get<DecodeFailure>(decoded).request_id, 0u);
  EXPECT_NE(std::get<DecodeFailure>(decoded).message.find("malformed"), std::string::npos);
}

TEST(Codec, ReportsInvalidUtf8WithTheRequestId) {
  v1::ClientMessage m;
  m.set_request_id(77);
  m.mutable_send_chat()->set_room_id("main-forum");
  m.mutable_send_chat()->set_text("ok");
  std::string bytes = m.SerializeAsString();
  bytes[bytes.size() - 1] = '\xC3';  // the text's last byte: a truncated sequence
  auto decoded = decodeClientMessage(bytes);
  ASSERT_TRUE(std::holds_alternative<DecodeFailure>(decoded));
  EXPECT_EQ(std::get<DecodeFailure>(decoded).request_id, 77u);
  EXPECT_EQ(std::get<DecodeFailure>(decoded).message, "a string field is not valid UTF-8");
}

}  // namespace
}  // namespace hallcast
