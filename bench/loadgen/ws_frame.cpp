#include "loadgen/ws_frame.h"

#include <algorithm>

namespace bench::ws {
namespace {

constexpr uint8_t kFinBit = 0x80;
constexpr uint8_t kRsvBits = 0x70;
constexpr uint8_t kOpcodeBits = 0x0F;
constexpr uint8_t kMaskBit = 0x80;
constexpr uint8_t kLengthBits = 0x7F;
constexpr uint8_t kLength16 = 126;  // the length follows in 2 bytes
constexpr uint8_t kLength64 = 127;  // the length follows in 8 bytes
// A reader keeps the room of a large frame it reassembled no longer than this.
constexpr std::size_t kKeptCapacity = 64 * 1024;

bool isControl(uint8_t opcode) { return (opcode & 0x8) != 0; }

bool isKnownOpcode(uint8_t opcode) {
  return opcode == kContinuation || opcode == kText || opcode == kBinary || opcode == kClose || opcode == kPing ||
         opcode == kPong;
}

// Close codes a peer may send (RFC 6455 §7.4; 1012-1014 registered since).
bool isValidCloseCode(uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

uint8_t byteAt(std::string_view bytes, std::size_t i) { return static_cast<uint8_t>(bytes[i]); }

void releaseIfLarge(std::string& s) {
  if (s.capacity() > kKeptCapacity) std::string().swap(s);
  else s.clear();
}

}  // namespace

std::size_t headerLength(std::string_view bytes) {
  if (bytes.size() < 2) return 0;
  const uint8_t second = byteAt(bytes, 1);
  std::size_t length = 2;
  if ((second & kLengthBits) == kLength16) length += 2;
  if ((second & kLengthBits) == kLength64) length += 8;
  if (second & kMaskBit) length += 4;
  return length;
}

bool parseHeader(std::string_view bytes, FrameHeader& header) {
  const std::size_t length = headerLength(bytes);
  if (length == 0 || bytes.size() < length) return false;
  const uint8_t first = byteAt(bytes, 0);
  const uint8_t second = byteAt(bytes, 1);
  header.fin = (first & kFinBit) != 0;
  header.rsv = static_cast<uint8_t>((first & kRsvBits) >> 4);
  header.opcode = first & kOpcodeBits;
  header.masked = (second & kMaskBit) != 0;
  std::size_t at = 2;
  const uint8_t short_length = second & kLengthBits;
  if (short_length < kLength16) {
    header.payload_length = short_length;
  } else {
    const std::size_t bytes_of_length = short_length == kLength16 ? 2 : 8;
    header.payload_length = 0;
    for (std::size_t i = 0; i < bytes_of_length; ++i) header.payload_length = (header.payload_length << 8) | byteAt(bytes, at++);
  }
  if (header.masked) {
    for (std::size_t i = 0; i < 4; ++i) header.mask[i] = byteAt(bytes, at++);
  }
  header.header_length = length;
  return true;
}

void applyMask(char* data, std::size_t n, const std::array<uint8_t, 4>& mask, std::size_t offset) {
  for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<char>(data[i] ^ mask[(offset + i) & 3]);
}

void appendClientFrame(std::string& out, uint8_t opcode, std::string_view payload, const std::array<uint8_t, 4>& mask) {
  out.push_back(static_cast<char>(kFinBit | (opcode & kOpcodeBits)));
  const uint64_t n = payload.size();
  if (n < kLength16) {
    out.push_back(static_cast<char>(kMaskBit | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(kMaskBit | kLength16));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(kMaskBit | kLength64));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  out.append(reinterpret_cast<const char*>(mask.data()), mask.size());
  const std::size_t at = out.size();
  out.append(payload);
  applyMask(out.data() + at, payload.size(), mask);
}

std::string closePayload(uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, kMaxControlPayload - 2));
  return payload;
}

FrameReader::Status FrameReader::fail(Status status, const char* error) {
  error_ = error;
  return status;
}

FrameReader::Status FrameReader::checkHeader(const FrameHeader& header) {
  if (header.rsv != 0) return fail(Status::kProtocolError, "reserved bits set (no extension was agreed)");
  if (header.masked) return fail(Status::kProtocolError, "masked frame from the server");
  if (!isKnownOpcode(header.opcode)) return fail(Status::kProtocolError, "unknown opcode");
  if (isControl(header.opcode) && (!header.fin || header.payload_length > kMaxControlPayload)) {
    return fail(Status::kProtocolError, "fragmented or too long control frame");
  }
  if (header.payload_length >> 63) return fail(Status::kProtocolError, "64-bit length with its top bit set");
  const std::size_t so_far = header.opcode == kContinuation ? fragments_.size() : 0;
  if (header.payload_length > max_message_ - so_far) return fail(Status::kTooBig, "message too big");
  return Status::kOk;
}

FrameReader::Status FrameReader::onFrame(const FrameHeader& header, std::string_view payload, MessageSink& sink) {
  switch (header.opcode) {
    case kText:
    case kBinary:
      if (fragmented_opcode_ != 0) return fail(Status::kProtocolError, "new message inside a fragmented one");
      if (header.fin) {
        sink.onMessage(header.opcode, payload);
      } else {
        fragmented_opcode_ = header.opcode;
        fragments_.assign(payload);
      }
      return Status::kOk;
    case kContinuation:
      if (fragmented_opcode_ == 0) return fail(Status::kProtocolError, "continuation frame without a message");
      fragments_.append(payload);
      if (header.fin) {
        sink.onMessage(fragmented_opcode_, fragments_);
        fragmented_opcode_ = 0;
        releaseIfLarge(fragments_);
      }
      return Status::kOk;
    case kPing:
      sink.onPing(payload);
      return Status::kOk;
    case kPong:
      return Status::kOk;
    case kClose: {
      if (payload.size() == 1) return fail(Status::kProtocolError, "close frame with a 1-byte payload");
      uint16_t code = 0;
      if (payload.size() >= 2) {
        code = static_cast<uint16_t>((byteAt(payload, 0) << 8) | byteAt(payload, 1));
        if (!isValidCloseCode(code)) return fail(Status::kProtocolError, "invalid close code");
      }
      sink.onClose(code, payload.size() > 2 ? payload.substr(2) : std::string_view());
      return Status::kClosed;
    }
    default:
      return fail(Status::kProtocolError, "unknown opcode");
  }
}

FrameReader::Status FrameReader::read(std::string_view bytes, MessageSink& sink) {
  // First the frame the previous read cut off, taking no more bytes than it needs.
  if (!leftover_.empty()) {
    const auto fill = [&](std::size_t target) {
      if (leftover_.size() < target) {
        const std::size_t take = std::min(target - leftover_.size(), bytes.size());
        leftover_.append(bytes.data(), take);
        bytes.remove_prefix(take);
      }
      return leftover_.size() >= target;
    };
    if (!fill(2) || !fill(headerLength(leftover_))) return Status::kOk;
    FrameHeader header;
    parseHeader(leftover_, header);
    if (const Status status = checkHeader(header); status != Status::kOk) return status;
    if (!fill(header.header_length + header.payload_length)) return Status::kOk;
    const Status status =
        onFrame(header, std::string_view(leftover_).substr(header.header_length, header.payload_length), sink);
    releaseIfLarge(leftover_);
    if (status != Status::kOk) return status;
  }
  // Then every complete frame straight from `bytes`.
  while (!bytes.empty()) {
    FrameHeader header;
    if (!parseHeader(bytes, header)) break;
    if (const Status status = checkHeader(header); status != Status::kOk) return status;
    if (bytes.size() - header.header_length < header.payload_length) break;
    const Status status = onFrame(header, bytes.substr(header.header_length, header.payload_length), sink);
    if (status != Status::kOk) return status;
    bytes.remove_prefix(header.header_length + header.payload_length);
  }
  leftover_.assign(bytes);
  return Status::kOk;
}

}  // namespace bench::ws
