#pragma once
// Reading an HTTP request (or a WebSocket upgrade) out of libwebsockets: its
// method, path, headers, query and the client's address, each as plain
// strings for the routes; and refusing an upgrade with an HTTP status.

#include <libwebsockets.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hallcast::lws_request {

// The client's IP address as text ("" when unknown).
std::string peerAddress(lws* wsi);
// The request's Content-Length (RFC 9110 §8.6): nullopt when absent, -1
// when not a decimal number.
std::optional<int64_t> contentLength(const std::string& value);
const char* httpMethod(lws* wsi);  // "UNKNOWN" for a method lws does not name
std::string requestPath(lws* wsi);
// The whole header, however long; empty when absent.
std::string header(lws* wsi, lws_token_indexes token);
// The query's arguments, percent-decoded, in order.
std::vector<std::pair<std::string, std::string>> queryArguments(lws* wsi);
// Answers a WebSocket upgrade we do not accept with an HTTP error (RFC 6455
// §4.2.2: the server may refuse with any HTTP status) instead of a bare
// close; returns what the lws callback returns.
int refuseUpgrade(lws* wsi, unsigned int status, const std::string& reason);

}  // namespace hallcast::lws_request
