#include "transport/lws_request.h"

#include <spdlog/spdlog.h>

namespace hallcast::lws_request {

std::string peerAddress(lws* wsi) {
  char buf[64] = {};
  return lws_get_peer_simple(wsi, buf, sizeof buf) ? std::string(buf) : std::string();
}

std::optional<int64_t> contentLength(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (value.size() > 18) return -1;
  int64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

const char* httpMethod(lws* wsi) {
  static const std::pair<lws_token_indexes, const char*> kMethods[] = {
      {WSI_TOKEN_GET_URI, "GET"},       {WSI_TOKEN_HEAD_URI, "HEAD"},
      {WSI_TOKEN_POST_URI, "POST"},     {WSI_TOKEN_PUT_URI, "PUT"},
      {WSI_TOKEN_PATCH_URI, "PATCH"},   {WSI_TOKEN_DELETE_URI, "DELETE"},
      {WSI_TOKEN_OPTIONS_URI, "OPTIONS"},
  };
  for (const auto& [token, name] : kMethods) {
    if (lws_hdr_total_length(wsi, token) > 0) return name;
  }
  return "UNKNOWN";
}

std::string requestPath(lws* wsi) {
  char buf[1024];
  const int n = lws_hdr_copy(wsi, buf, sizeof buf, WSI_TOKEN_GET_URI);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// The whole header, however long (lws_hdr_copy wants room for a '\0');
// empty when absent.
std::string header(lws* wsi, lws_token_indexes token) {
  const int length = lws_hdr_total_length(wsi, token);
  if (length <= 0) return {};
  std::string value(static_cast<std::size_t>(length) + 1, '\0');
  const int n = lws_hdr_copy(wsi, value.data(), length + 1, token);
  value.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return value;
}

// lws keeps each argument of the query, percent-decoded, as a fragment "name=value".
std::vector<std::pair<std::string, std::string>> queryArguments(lws* wsi) {
  std::vector<std::pair<std::string, std::string>> arguments;
  for (int i = 0;; ++i) {
    const int length = lws_hdr_fragment_length(wsi, WSI_TOKEN_HTTP_URI_ARGS, i);
    if (length <= 0) break;
    std::string fragment(static_cast<std::size_t>(length) + 1, '\0');
    const int n = lws_hdr_copy_fragment(wsi, fragment.data(), length + 1, WSI_TOKEN_HTTP_URI_ARGS, i);
    if (n < 0) break;
    fragment.resize(static_cast<std::size_t>(n));
    const std::size_t eq = fragment.find('=');
    if (eq == std::string::npos) {
      arguments.emplace_back(std::move(fragment), std::string());
    } else {
      arguments.emplace_back(fragment.substr(0, eq), fragment.substr(eq + 1));
    }
  }
  return arguments;
}

int refuseUpgrade(lws* wsi, unsigned int status, const std::string& reason) {
  spdlog::debug("refusing WebSocket upgrade: {}", reason);
  lws_return_http_status(wsi, status, reason.c_str());
  return 1;
}

}  // namespace hallcast::lws_request
