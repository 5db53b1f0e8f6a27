#pragma once
// RFC 6455 framing for a WebSocket client, without any I/O: the header of a
// frame, encoding the client's (masked) frames, and a per-connection reader
// that cuts the bytes read from a server into messages. The reader hands
// complete frames over straight from the buffer they were read into; only a
// frame cut off at the end of a read is copied, into the reader's own
// leftover, and continuation frames are reassembled into one message.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench::ws {

enum Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close codes (RFC 6455 §7.4.1) the client sends.
enum CloseCode : uint16_t {
  kCloseNormal = 1000,
  kCloseProtocolError = 1002,
  kCloseTooBig = 1009,
};

// The largest header: 2 bytes, a 64-bit length and a masking key.
inline constexpr std::size_t kMaxHeaderBytes = 14;
inline constexpr std::size_t kMaxControlPayload = 125;

struct FrameHeader {
  bool fin = false;
  uint8_t rsv = 0;  // RSV1..3 as the three bits below FIN
  uint8_t opcode = 0;
  bool masked = false;
  std::array<uint8_t, 4> mask{};
  uint64_t payload_length = 0;
  std::size_t header_length = 0;  // bytes before the payload
};

// The header's length once its first two bytes are known (0: fewer given).
std::size_t headerLength(std::string_view bytes);
// Reads the header at the start of `bytes`; false when they do not hold all of it.
bool parseHeader(std::string_view bytes, FrameHeader& header);

// XORs `data` with `mask`, as if it started `offset` bytes into the payload
// (masking and unmasking are the same operation).
void applyMask(char* data, std::size_t n, const std::array<uint8_t, 4>& mask, std::size_t offset = 0);

// Appends one final frame (FIN set) of `opcode` carrying `payload`, masked
// with `mask` as a client's frames must be (RFC 6455 §5.3).
void appendClientFrame(std::string& out, uint8_t opcode, std::string_view payload, const std::array<uint8_t, 4>& mask);

// A Close frame's payload: the code in network order, then the reason.
std::string closePayload(uint16_t code, std::string_view reason = {});

// What the reader hands over.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // A whole text or binary message (its fragments joined).
  virtual void onMessage(uint8_t opcode, std::string_view payload) = 0;
  virtual void onPing(std::string_view payload) = 0;
  // The server's Close: `code` 0 when it gave none.
  virtual void onClose(uint16_t code, std::string_view reason) = 0;
};

// Cuts the byte stream of one connection into messages (a server's frames:
// unmasked). Stops at a Close frame or at a protocol error: nothing after
// either is read.
class FrameReader {
 public:
  enum class Status : uint8_t {
    kOk,             // everything read; any partial frame kept for the next read
    kClosed,         // a Close frame was handed over
    kProtocolError,  // the stream broke RFC 6455 (see error())
    kTooBig,         // a message longer than the reader accepts
  };

  explicit FrameReader(std::size_t max_message_bytes = 16u << 20) : max_message_(max_message_bytes) {}

  // Reads `bytes`, which follow whatever was read before, calling `sink`.
  Status read(std::string_view bytes, MessageSink& sink);
  // Why the last read failed (a protocol error, a too big message).
  const char* error() const { return error_; }
  // Bytes held between reads (a partial frame, a message's fragments so far).
  std::size_t heldBytes() const { return leftover_.size() + fragments_.size(); }

 private:
  // One complete frame: its header and all of its payload.
  Status onFrame(const FrameHeader& header, std::string_view payload, MessageSink& sink);
  Status fail(Status status, const char* error);
  // Checks what the header alone can tell (before the payload is there).
  Status checkHeader(const FrameHeader& header);

  std::size_t max_message_;
  std::string leftover_;    // the start of a frame cut off by the end of a read
  std::string fragments_;   // a fragmented message's payload so far
  uint8_t fragmented_opcode_ = 0;  // its opcode (0: none in progress)
  const char* error_ = "";
};

}  // namespace bench::ws
