// The hub's HTTP side in libwebsockets: a request is read (its body whole,
// within limits), handed to the routes, and answered — at once, or when
// what it waits for (a live playlist's next part, a WebRTC answer) is there.

#include <libwebsockets.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "transport/lws_callbacks.h"
#include "transport/lws_request.h"
#include "transport/ws_connection.h"

namespace hallcast {

using namespace lws_request;

int LwsServer::Callbacks::http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* data = static_cast<HttpSessionData*>(user);
  HttpExchange* exchange = data ? data->exchange : nullptr;
  switch (reason) {
    case LWS_CALLBACK_ESTABLISHED: {
      // A WebSocket that did not ask for our subprotocol lands here. Open
      // it and close it at once with the reason: unlike a refused
      // handshake, every client (browsers too) shows a close reason.
      startWsClose(wsi, LWS_CLOSE_STATUS_PROTOCOL_ERR, "use the WebSocket subprotocol hallcast.v1");
      return 0;
    }
    case LWS_CALLBACK_TIMER:  // startWsClose
      return -1;
    case LWS_CALLBACK_HTTP:
      if (!exchange) exchange = data->exchange = new HttpExchange;
      exchange->start(httpMethod(wsi) == std::string_view("HEAD"));
      return serveHttp(wsi, *exchange, static_cast<const char*>(in));
    case LWS_CALLBACK_HTTP_WRITEABLE:
      if (!exchange) return 0;
      if (exchange->state() == HttpExchange::State::kReady) {
        return respond(wsi, *exchange, exchange->head(), exchange->takeReady());
      }
      if (exchange->state() == HttpExchange::State::kWritingBody) {
        std::string body = exchange->takeBody();
        body.insert(0, LWS_PRE, '\0');
        const auto n = body.size() - LWS_PRE;
        if (lws_write(wsi, reinterpret_cast<unsigned char*>(body.data()) + LWS_PRE, n,
                      LWS_WRITE_HTTP_FINAL) < static_cast<int>(n)) {
          return -1;
        }
        return completed(wsi, *exchange);
      }
      return 0;
    case LWS_CALLBACK_HTTP_BODY:
      if (exchange && exchange->state() == HttpExchange::State::kReadingBody &&
          !exchange->appendBody(static_cast<const char*>(in), len)) {
        return -1;  // more than it announced
      }
      return 0;
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
      if (!exchange || exchange->state() != HttpExchange::State::kReadingBody) return 0;
      return dispatch(wsi, *exchange, exchange->takeRequest());
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
      return lws_http_transaction_completed(wsi) ? -1 : 0;
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
      // The one place an exchange ends (lws may call both).
      if (exchange) {
        if (exchange->state() == HttpExchange::State::kHeld) unhold(wsi);
        delete exchange;
        data->exchange = nullptr;
      }
      return 0;
    default:
      return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
}

int LwsServer::Callbacks::serveHttp(lws* wsi, HttpExchange& exchange, const char* path) {
  LwsServer& self = server(wsi);
  ++self.metrics_.http_requests;
  HttpRequest request;
  request.method = httpMethod(wsi);
  request.path = path ? path : "/";
  request.query = queryArguments(wsi);
  request.authorization = header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
  request.origin = header(wsi, WSI_TOKEN_ORIGIN);
  request.host = header(wsi, WSI_TOKEN_HOST);
  request.content_type = header(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE);
  request.peer = peerAddress(wsi);
  // A body is read whole before the request is handled; one the hub
  // will not read is refused, and the connection closed after the
  // answer (what is left of the body cannot start the next request).
  if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0) {
    exchange.closeAfterAnswer();
    return respond(wsi, exchange, false,
                   httpError(411, "send the body with a Content-Length (chunked requests are not taken)"));
  }
  const std::optional<int64_t> length = contentLength(header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH));
  if (length && *length < 0) {
    exchange.closeAfterAnswer();
    return respond(wsi, exchange, false, httpError(400, "Content-Length must be a decimal number of bytes"));
  }
  if (length && *length > static_cast<int64_t>(kMaxRequestBodyBytes)) {
    exchange.closeAfterAnswer();
    return respond(wsi, exchange, false,
                   httpError(413, "the body has " + std::to_string(*length) + " bytes; the hub takes at most " +
                                      std::to_string(kMaxRequestBodyBytes)));
  }
  if (length && *length > 0) {
    exchange.readBody(std::move(request), static_cast<std::size_t>(*length));
    return 0;  // LWS_CALLBACK_HTTP_BODY, then _COMPLETION
  }
  return dispatch(wsi, exchange, std::move(request));
}

int LwsServer::Callbacks::dispatch(lws* wsi, HttpExchange& exchange, HttpRequest request) {
  LwsServer& self = server(wsi);
  HttpResponse response = self.routes_.handle(request);
  if (!response.wait_for.empty()) {
    // Held until what it waits for changes (retryHeld) or the wait ends
    // (tick); lws itself gives up a little later, should both fail.
    const auto wait = response.wait_until - std::chrono::steady_clock::now();
    self.held_.hold(wsi, response.wait_for, response.wait_until);
    self.metrics_.http_held_requests = self.held_.size();
    exchange.hold(std::move(request), std::move(response));
    lws_set_timeout(wsi, PENDING_TIMEOUT_HTTP_CONTENT,
                    static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + 10);
    return 0;
  }
  return respond(wsi, exchange, exchange.head(), response);
}

void LwsServer::Callbacks::release(lws* wsi, HttpExchange& exchange, HttpResponse response) {
  unhold(wsi);
  exchange.release(std::move(response));
  lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);
  lws_callback_on_writable(wsi);
}

void LwsServer::Callbacks::unhold(lws* wsi) {
  LwsServer& self = server(wsi);
  self.held_.release(wsi);
  self.metrics_.http_held_requests = self.held_.size();
}

int LwsServer::Callbacks::completed(lws* wsi, const HttpExchange& exchange) {
  if (exchange.closesAfterAnswer()) return -1;
  return lws_http_transaction_completed(wsi) ? -1 : 0;
}

int LwsServer::Callbacks::respond(lws* wsi, HttpExchange& exchange, bool head, const HttpResponse& response) {
  unsigned char buf[LWS_PRE + 4096];
  unsigned char* start = buf + LWS_PRE;
  unsigned char* p = start;
  unsigned char* end = buf + sizeof buf - 1;
  if (!response.file.empty()) {
    // lws writes the status line and content headers; ours go in between.
    if (addHeaders(wsi, response, &p, end)) return 1;
    const int n = lws_serve_http_file(wsi, response.file.c_str(), response.content_type.c_str(),
                                      reinterpret_cast<const char*>(start), static_cast<int>(p - start));
    if (n < 0 || (n > 0 && lws_http_transaction_completed(wsi))) return -1;
    return 0;
  }
  // RFC 9110 §8.6: a 204 has no Content-Length (nor content).
  const bool no_content = response.status == 204;
  if (no_content ? lws_add_http_header_status(wsi, 204, &p, end)
                 : lws_add_http_common_headers(wsi, static_cast<unsigned int>(response.status),
                                               response.content_type.c_str(), response.body.size(), &p, end)) {
    return 1;
  }
  if (exchange.closesAfterAnswer() &&
      lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("connection:"),
                                  reinterpret_cast<const unsigned char*>("close"), 5, &p, end)) {
    return 1;
  }
  if (addHeaders(wsi, response, &p, end) || lws_finalize_write_http_header(wsi, start, &p, end)) return 1;
  if (head || response.body.empty()) return completed(wsi, exchange);
  exchange.writeBody(response.body);
  lws_callback_on_writable(wsi);
  return 0;
}

int LwsServer::Callbacks::addHeaders(lws* wsi, const HttpResponse& response, unsigned char** p, unsigned char* end) {
  for (const auto& [name, value] : response.headers) {
    const std::string field = name + ":";
    if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>(field.c_str()),
                                    reinterpret_cast<const unsigned char*>(value.data()),
                                    static_cast<int>(value.size()), p, end)) {
      return 1;
    }
  }
  return 0;
}

}  // namespace hallcast
