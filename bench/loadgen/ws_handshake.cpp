#include "loadgen/ws_handshake.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace bench::ws {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::string_view kHeaderEnd = "\r\n\r\n";
// A response header longer than this is not a WebSocket server's.
constexpr std::size_t kMaxResponseHeader = 16 * 1024;

std::string base64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(std::max(written, 0)));
  return out;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether the comma-separated `list` holds `token` (case-insensitively).
bool hasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    if (equalsIgnoringCase(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

HandshakeResponse refused(std::string error) {
  HandshakeResponse response;
  response.status = HandshakeResponse::Status::kRefused;
  response.error = std::move(error);
  return response;
}

}  // namespace

std::string handshakeKey(const std::array<uint8_t, 16>& nonce) { return base64(nonce.data(), nonce.size()); }

std::string acceptFor(std::string_view key) {
  std::string keyed(key);
  keyed.append(kGuid);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(keyed.data(), keyed.size(), digest, &length, EVP_sha1(), nullptr)) return {};
  return base64(digest, length);
}

std::string formatHandshakeRequest(const HandshakeRequest& request, std::string_view key) {
  std::string out;
  out.reserve(256);
  out.append("GET ").append(request.path).append(" HTTP/1.1\r\n");
  out.append("Host: ").append(request.host);
  if (request.port != 80) out.append(":").append(std::to_string(request.port));
  out.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
  out.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
  out.append("Sec-WebSocket-Version: 13\r\n");
  if (!request.protocol.empty()) out.append("Sec-WebSocket-Protocol: ").append(request.protocol).append("\r\n");
  if (!request.origin.empty()) out.append("Origin: ").append(request.origin).append("\r\n");
  out.append("\r\n");
  return out;
}

HandshakeResponse checkHandshakeResponse(std::string_view bytes, std::string_view key, std::string_view protocol) {
  const std::size_t end = bytes.find(kHeaderEnd);
  if (end == std::string_view::npos) {
    if (bytes.size() > kMaxResponseHeader) return refused("response header too long");
    return {};
  }
  std::string_view header = bytes.substr(0, end + 2);  // each line ends in CRLF
  const std::size_t status_end = header.find("\r\n");
  const std::string_view status_line = header.substr(0, status_end);
  // "HTTP/1.1 101 Switching Protocols": the code is the second word.
  const std::size_t space = status_line.find(' ');
  if (status_line.substr(0, 5) != "HTTP/" || space == std::string_view::npos ||
      status_line.substr(space + 1, 3) != "101" ||
      (status_line.size() > space + 4 && status_line[space + 4] != ' ')) {
    return refused("not switching protocols: " + std::string(status_line));
  }
  header.remove_prefix(status_end + 2);

  bool upgrade = false, connection = false, accepted = false, protocol_ok = protocol.empty();
  std::string_view echoed_protocol;
  const std::string expected_accept = acceptFor(key);
  while (!header.empty()) {
    const std::size_t line_end = header.find("\r\n");
    const std::string_view line = header.substr(0, line_end);
    header.remove_prefix(line_end + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return refused("malformed header line: " + std::string(line));
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (equalsIgnoringCase(name, "Upgrade")) {
      upgrade = equalsIgnoringCase(value, "websocket");
    } else if (equalsIgnoringCase(name, "Connection")) {
      connection = hasToken(value, "Upgrade");
    } else if (equalsIgnoringCase(name, "Sec-WebSocket-Accept")) {
      accepted = value == expected_accept;
    } else if (equalsIgnoringCase(name, "Sec-WebSocket-Protocol")) {
      echoed_protocol = value;
      protocol_ok = !protocol.empty() && value == protocol;
    } else if (equalsIgnoringCase(name, "Sec-WebSocket-Extensions")) {
      if (!value.empty()) return refused("extension not asked for: " + std::string(value));
    }
  }
  if (!upgrade) return refused("no Upgrade: websocket");
  if (!connection) return refused("no Connection: Upgrade");
  if (!accepted) return refused("missing or wrong Sec-WebSocket-Accept");
  if (!protocol_ok) return refused("subprotocol not echoed: '" + std::string(echoed_protocol) + "'");
  HandshakeResponse response;
  response.status = HandshakeResponse::Status::kAccepted;
  response.header_bytes = end + kHeaderEnd.size();
  return response;
}

}  // namespace bench::ws
