// The generator's WebSocket framing and handshake against RFC 6455's own
// examples: the hub and the other servers judge the client by the RFC.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loadgen/ws_frame.h"
#include "loadgen/ws_handshake.h"

namespace bench::ws {
namespace {

std::string bytesOf(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

// Everything a reader hands over, in order.
struct Recorder final : MessageSink {
  std::vector<std::string> events;
  void onMessage(uint8_t opcode, std::string_view payload) override {
    events.push_back((opcode == kText ? "text:" : "binary:") + std::string(payload));
  }
  void onPing(std::string_view payload) override { events.push_back("ping:" + std::string(payload)); }
  void onClose(uint16_t code, std::string_view reason) override {
    events.push_back("close:" + std::to_string(code) + ":" + std::string(reason));
  }
};

FrameReader::Status readAll(std::string_view bytes, Recorder& recorder) {
  FrameReader reader;
  return reader.read(bytes, recorder);
}

const std::array<uint8_t, 4> kRfcMask = {0x37, 0xfa, 0x21, 0x3d};

TEST(WsFrame, Rfc6455UnmaskedTextFrame) {
  Recorder r;
  EXPECT_EQ(readAll(bytesOf({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}), r), FrameReader::Status::kOk);
  EXPECT_EQ(r.events, std::vector<std::string>{"text:Hello"});
}

TEST(WsFrame, Rfc6455MaskedTextFrameIsWhatTheClientSends) {
  std::string frame;
  appendClientFrame(frame, kText, "Hello", kRfcMask);
  EXPECT_EQ(frame, bytesOf({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
}

TEST(WsFrame, Rfc6455FragmentedTextIsOneMessage) {
  Recorder r;
  EXPECT_EQ(readAll(bytesOf({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f}), r), FrameReader::Status::kOk);
  EXPECT_EQ(r.events, std::vector<std::string>{"text:Hello"});
}

TEST(WsFrame, Rfc6455PingAndMaskedPong) {
  Recorder r;
  EXPECT_EQ(readAll(bytesOf({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}), r), FrameReader::Status::kOk);
  EXPECT_EQ(r.events, std::vector<std::string>{"ping:Hello"});
  std::string pong;
  appendClientFrame(pong, kPong, "Hello", kRfcMask);
  EXPECT_EQ(pong, bytesOf({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
}

TEST(WsFrame, Rfc6455SixteenAndSixtyFourBitLengths) {
  const std::string small(256, 'a'), large(65536, 'b');
  Recorder r;
  EXPECT_EQ(readAll(bytesOf({0x82, 0x7E, 0x01, 0x00}) + small, r), FrameReader::Status::kOk);
  EXPECT_EQ(readAll(bytesOf({0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}) + large, r), FrameReader::Status::kOk);
  EXPECT_EQ(r.events, (std::vector<std::string>{"binary:" + small, "binary:" + large}));
}

TEST(WsFrame, ClientFramesOfEachLengthRoundTripThroughTheirMask) {
  const std::array<uint8_t, 4> mask = {0x01, 0x80, 0xfe, 0x5a};
  for (const std::size_t n : {0u, 125u, 126u, 65535u, 65536u, 70000u}) {
    std::string payload(n, '\0');
    for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<char>(i * 7);
    std::string frame;
    appendClientFrame(frame, kBinary, payload, mask);
    FrameHeader header;
    ASSERT_TRUE(parseHeader(frame, header)) << n;
    EXPECT_TRUE(header.fin);
    EXPECT_EQ(header.opcode, kBinary);
    EXPECT_TRUE(header.masked);
    EXPECT_EQ(header.mask, mask);
    EXPECT_EQ(header.payload_length, n);
    EXPECT_EQ(header.header_length, (n < 126 ? 2u : n <= 65535 ? 4u : 10u) + 4u);
    ASSERT_EQ(frame.size(), header.header_length + n);
    std::string unmasked = frame.substr(header.header_length);
    if (n > 0) EXPECT_NE(unmasked, payload);
    applyMask(unmasked.data(), unmasked.size(), header.mask);
    EXPECT_EQ(unmasked, payload) << n;
  }
}

TEST(WsFrame, MaskingFromAnOffsetContinuesTheMask) {
  std::string whole(11, 'x'), parts = whole;
  applyMask(whole.data(), whole.size(), kRfcMask);
  applyMask(parts.data(), 5, kRfcMask);
  applyMask(parts.data() + 5, 6, kRfcMask, 5);
  EXPECT_EQ(parts, whole);
}

TEST(WsFrame, FramesSplitAnywhereAcrossReadsReadTheSame) {
  // Small, 16-bit and 64-bit lengths, a fragmented message with a ping in
  // its middle, and a close.
  const std::string mid(300, 'm'), big(70000, 'g');
  const std::string stream = bytesOf({0x82, 0x02, 'h', 'i'}) + bytesOf({0x82, 0x7E, 0x01, 0x2C}) + mid +
                             bytesOf({0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70}) + big +
                             bytesOf({0x01, 0x01, 'a', 0x89, 0x01, 'p', 0x80, 0x02, 'b', 'c'}) +
                             bytesOf({0x88, 0x04, 0x03, 0xE8, 'o', 'k'});
  const std::vector<std::string> want = {"binary:hi", "binary:" + mid, "binary:" + big, "ping:p", "text:abc",
                                         "close:1000:ok"};
  Recorder whole;
  EXPECT_EQ(readAll(stream, whole), FrameReader::Status::kClosed);
  EXPECT_EQ(whole.events, want);
  for (std::size_t step : {1u, 2u, 3u, 7u, 13u, 1000u, 65536u}) {
    FrameReader reader;
    Recorder r;
    FrameReader::Status status = FrameReader::Status::kOk;
    for (std::size_t at = 0; at < stream.size() && status == FrameReader::Status::kOk; at += step) {
      status = reader.read(std::string_view(stream).substr(at, step), r);
    }
    EXPECT_EQ(status, FrameReader::Status::kClosed) << step;
    EXPECT_EQ(r.events, want) << step;
  }
}

TEST(WsFrame, KeepsOnlyTheCutOffFrame) {
  FrameReader reader;
  Recorder r;
  const std::string two = bytesOf({0x82, 0x01, 'a', 0x82, 0x03, 'b'});
  EXPECT_EQ(reader.read(two, r), FrameReader::Status::kOk);
  EXPECT_EQ(r.events, std::vector<std::string>{"binary:a"});
  EXPECT_EQ(reader.heldBytes(), 3u);
  EXPECT_EQ(reader.read("cd", r), FrameReader::Status::kOk);
  EXPECT_EQ(r.events, (std::vector<std::string>{"binary:a", "binary:bcd"}));
  EXPECT_EQ(reader.heldBytes(), 0u);
}

TEST(WsFrame, ProtocolErrors) {
  const std::vector<std::string> broken = {
      bytesOf({0x82, 0x81, 1, 2, 3, 4, 'x'}),  // masked: servers must not mask
      bytesOf({0xC2, 0x01, 'x'}),              // RSV1 without an extension
      bytesOf({0x83, 0x01, 'x'}),              // reserved opcode
      bytesOf({0x80, 0x01, 'x'}),              // continuation of nothing
      bytesOf({0x02, 0x01, 'x', 0x82, 0x01, 'y'}),  // a new message inside a fragmented one
      bytesOf({0x09, 0x00}),                   // fragmented ping
      bytesOf({0x89, 0x7E, 0x00, 0x7E}),       // ping longer than 125 bytes
      bytesOf({0x88, 0x01, 0x03}),             // close with a 1-byte payload
      bytesOf({0x88, 0x02, 0x03, 0xED}),       // close code 1005 may not be sent
      bytesOf({0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0}),  // 64-bit length, top bit set
  };
  for (const std::string& bytes : broken) {
    Recorder r;
    FrameReader reader;
    EXPECT_EQ(reader.read(bytes, r), FrameReader::Status::kProtocolError) << testing::PrintToString(bytes);
    EXPECT_STRNE(reader.error(), "");
  }
}

TEST(WsFrame, TooBigMessage) {
  FrameReader reader(100);
  Recorder r;
  EXPECT_EQ(reader.read(bytesOf({0x82, 0x7E, 0x00, 0x65}), r), FrameReader::Status::kTooBig);
  FrameReader fragments(100);
  EXPECT_EQ(fragments.read(bytesOf({0x02, 0x7E, 0x00, 0x60}) + std::string(0x60, 'x') + bytesOf({0x80, 0x05}), r),
            FrameReader::Status::kTooBig);
}

TEST(WsFrame, CloseWithoutCodeAndClosePayload) {
  Recorder r;
  EXPECT_EQ(readAll(bytesOf({0x88, 0x00}), r), FrameReader::Status::kClosed);
  EXPECT_EQ(r.events, std::vector<std::string>{"close:0:"});
  EXPECT_EQ(closePayload(kCloseNormal), bytesOf({0x03, 0xE8}));
  EXPECT_EQ(closePayload(kCloseProtocolError, "bad"), bytesOf({0x03, 0xEA, 'b', 'a', 'd'}));
}

TEST(WsHandshake, Rfc6455AcceptExample) {
  const std::string nonce = "the sample nonce";
  std::array<uint8_t, 16> bytes;
  std::copy(nonce.begin(), nonce.end(), bytes.begin());
  EXPECT_EQ(handshakeKey(bytes), "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsHandshake, Request) {
  const std::string request =
      formatHandshakeRequest({"127.0.0.1", 8080, "/ws", "hallcast.v1", "http://127.0.0.1"}, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(request,
            "GET /ws HTTP/1.1\r\n"
            "Host: 127.0.0.1:8080\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: hallcast.v1\r\n"
            "Origin: http://127.0.0.1\r\n"
            "\r\n");
}

const std::string kKey = "dGhlIHNhbXBsZSBub25jZQ==";

std::string response(std::string_view status, std::string_view accept, std::string_view protocol_line) {
  return std::string(status) + "\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Accept: " +
         std::string(accept) + "\r\n" + std::string(protocol_line) + "\r\n";
}

TEST(WsHandshake, AcceptsTheRightResponseAndKeepsWhatFollows) {
  const std::string ok = response("HTTP/1.1 101 Switching Protocols", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                                  "sec-websocket-protocol: hallcast.v1\r\n");
  const HandshakeResponse r = checkHandshakeResponse(ok + "\x82\x01x", kKey, "hallcast.v1");
  EXPECT_EQ(r.status, HandshakeResponse::Status::kAccepted) << r.error;
  EXPECT_EQ(r.header_bytes, ok.size());
  EXPECT_EQ(checkHandshakeResponse(ok.substr(0, ok.size() - 1), kKey, "hallcast.v1").status,
            HandshakeResponse::Status::kIncomplete);
}

TEST(WsHandshake, RefusesAnythingElse) {
  const std::string accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  const std::string protocol = "Sec-WebSocket-Protocol: hallcast.v1\r\n";
  const std::vector<std::string> refused = {
      response("HTTP/1.1 200 OK", accept, protocol),
      response("HTTP/1.1 1010 Nonsense", accept, protocol),
      response("HTTP/1.1 101 Switching Protocols", "s3pPLMBiTxaQ9kYGzzhZRbK+xOO=", protocol),
      response("HTTP/1.1 101 Switching Protocols", accept, ""),
      response("HTTP/1.1 101 Switching Protocols", accept, "Sec-WebSocket-Protocol: other\r\n"),
      response("HTTP/1.1 101 Switching Protocols", accept, protocol + "Sec-WebSocket-Extensions: permessage-deflate\r\n"),
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n" + protocol +
          "\r\n",
  };
  for (const std::string& bytes : refused) {
    const HandshakeResponse r = checkHandshakeResponse(bytes, kKey, "hallcast.v1");
    EXPECT_EQ(r.status, HandshakeResponse::Status::kRefused) << bytes;
    EXPECT_FALSE(r.error.empty());
  }
}

}  // namespace
}  // namespace bench::ws
