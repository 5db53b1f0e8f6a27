#pragma once
// The client's side of the WebSocket opening handshake (RFC 6455 §4.1): the
// HTTP Upgrade request and the check of the server's response.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench::ws {

struct HandshakeRequest {
  std::string host;  // for Host and Origin
  int port = 80;
  std::string path = "/";
  std::string protocol;  // Sec-WebSocket-Protocol (empty: none)
  std::string origin;    // the Origin header's value (empty: none)
};

// Sec-WebSocket-Key: the 16 bytes, base64.
std::string handshakeKey(const std::array<uint8_t, 16>& nonce);
// The Sec-WebSocket-Accept a server must answer `key` with: base64 of the
// SHA-1 of the key and RFC 6455's GUID.
std::string acceptFor(std::string_view key);
// The GET request, headers and the blank line.
std::string formatHandshakeRequest(const HandshakeRequest& request, std::string_view key);

struct HandshakeResponse {
  enum class Status : uint8_t {
    kIncomplete,  // the header has not all arrived
    kAccepted,    // 101 with the right accept and protocol: WebSocket frames follow
    kRefused,     // anything else (see error)
  } status = Status::kIncomplete;
  std::size_t header_bytes = 0;  // kAccepted: where the first frame starts
  std::string error;
};

// Checks the response read so far to a request that sent `key` and asked
// for `protocol` (empty: none): the server must switch protocols, answer
// the key and echo the protocol, and agree on no extension.
HandshakeResponse checkHandshakeResponse(std::string_view bytes, std::string_view key, std::string_view protocol);

}  // namespace bench::ws
