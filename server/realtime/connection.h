#pragma once
// What the hub may ask of a client's transport. The WebSocket transport
// implements it; the hub never sees a socket.

#include <cstdint>
#include <string>

namespace hallcast {

class Connection {
 public:
  virtual ~Connection() = default;
  // The session's send queue has frames: write them when the socket can take them.
  virtual void wantWrite() = 0;
  // Ends the connection with a WebSocket close code (RFC 6455 §7.4) and reason.
  virtual void close(uint16_t code, const std::string& reason) = 0;
};

// Close codes the hub uses (RFC 6455 §7.4.1).
inline constexpr uint16_t kCloseGoingAway = 1001;
inline constexpr uint16_t kClosePolicyViolation = 1008;
inline constexpr uint16_t kCloseMessageTooBig = 1009;

}  // namespace hallcast
