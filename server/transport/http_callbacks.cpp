// The hub's HTTP side in libwebsockets: a request is read (its body whole,
// within limits), handed to the routes, and answered — at once, or when
// what it waits for (a live playlist's next part, a WebRTC answer) is there.

#include <libwebsockets.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "transport/lws_callbacks.h"
#include "transport/lws_request.h"
#include "transport/ws_connection.h"

namespace hallcast {

using namespace lws_request;

int LwsServer::Callbacks::http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* data = static_cast<HttpSessionData*>(user);
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
      return serveHttp(wsi, data, static_cast<const char*>(in));
    case LWS_CALLBACK_HTTP_WRITEABLE: {
      if (data && data->ready) {
        const HttpResponse response = std::move(*data->ready);
        delete data->ready;
        data->ready = nullptr;
        return respond(wsi, data, data->head, response);
      }
      if (!data || !data->body) return 0;
      std::string body = std::move(*data->body);
      delete data->body;
      data->body = nullptr;
      body.insert(0, LWS_PRE, '\0');
      const auto n = body.size() - LWS_PRE;
      if (lws_write(wsi, reinterpret_cast<unsigned char*>(body.data()) + LWS_PRE, n,
                    LWS_WRITE_HTTP_FINAL) < static_cast<int>(n)) {
        return -1;
      }
      return completed(wsi, data);
    }
    case LWS_CALLBACK_HTTP_BODY:
      if (data && data->reading) {
        if (data->reading->body.size() + len > kMaxRequestBodyBytes) return -1;  // more than it announced
        data->reading->body.append(static_cast<const char*>(in), len);
      }
      return 0;
    case LWS_CALLBACK_HTTP_BODY_COMPLETION: {
      if (!data || !data->reading) return 0;
      HttpRequest request = std::move(*data->reading);
      delete data->reading;
      data->reading = nullptr;
      return dispatch(wsi, data, std::move(request));
    }
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
      return lws_http_transaction_completed(wsi) ? -1 : 0;
    case LWS_CALLBACK_CLOSED_HTTP:
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
      if (data) {
        delete data->body;
        data->body = nullptr;
        delete data->reading;
        data->reading = nullptr;
        if (data->held) {
          server(wsi).held_.erase(wsi);
          server(wsi).metrics_.http_held_requests = server(wsi).held_.size();
        }
        delete data->held;
        data->held = nullptr;
        delete data->ready;
        data->ready = nullptr;
      }
      return 0;
    default:
      return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
}

int LwsServer::Callbacks::serveHttp(lws* wsi, HttpSessionData* data, const char* path) {
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
    data->close = true;
    return respond(wsi, data, false,
                   httpError(411, "send the body with a Content-Length (chunked requests are not taken)"));
  }
  const std::optional<int64_t> length = contentLength(header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH));
  if (length && *length < 0) {
    data->close = true;
    return respond(wsi, data, false, httpError(400, "Content-Length must be a decimal number of bytes"));
  }
  if (length && *length > static_cast<int64_t>(kMaxRequestBodyBytes)) {
    data->close = true;
    return respond(wsi, data, false,
                   httpError(413, "the body has " + std::to_string(*length) + " bytes; the hub takes at most " +
                                      std::to_string(kMaxRequestBodyBytes)));
  }
  if (length && *length > 0) {
    data->reading = new HttpRequest(std::move(request));
    data->reading->body.reserve(static_cast<std::size_t>(*length));
    return 0;  // LWS_CALLBACK_HTTP_BODY, then _COMPLETION
  }
  return dispatch(wsi, data, std::move(request));
}

int LwsServer::Callbacks::dispatch(lws* wsi, HttpSessionData* data, HttpRequest request) {
  LwsServer& self = server(wsi);
  HttpResponse response = self.routes_.handle(request);
  if (!response.wait_for.empty()) {
    // Held until the live playlist changes (retryHeld) or the wait ends
    // (tick); lws itself gives up a little later, should both fail.
    data->held = new HeldRequest{std::move(request), std::move(response)};
    self.held_.insert(wsi);
    self.metrics_.http_held_requests = self.held_.size();
    const auto wait = data->held->timeout.wait_until - std::chrono::steady_clock::now();
    lws_set_timeout(wsi, PENDING_TIMEOUT_HTTP_CONTENT,
                    static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + 10);
    return 0;
  }
  return respond(wsi, data, request.method == "HEAD", response);
}

void LwsServer::Callbacks::release(lws* wsi, HttpSessionData* data, HttpResponse response) {
  server(wsi).held_.erase(wsi);
  server(wsi).metrics_.http_held_requests = server(wsi).held_.size();
  data->head = data->held->request.method == "HEAD";
  delete data->held;
  data->held = nullptr;
  data->ready = new HttpResponse(std::move(response));
  lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);
  lws_callback_on_writable(wsi);
}

int LwsServer::Callbacks::completed(lws* wsi, HttpSessionData* data) {
  if (data && data->close) return -1;
  return lws_http_transaction_completed(wsi) ? -1 : 0;
}

int LwsServer::Callbacks::respond(lws* wsi, HttpSessionData* data, bool head, const HttpResponse& response) {
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
  if (data->close && lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char*>("connection:"),
                                                 reinterpret_cast<const unsigned char*>("close"), 5, &p, end)) {
    return 1;
  }
  if (addHeaders(wsi, response, &p, end) || lws_finalize_write_http_header(wsi, start, &p, end)) return 1;
  if (head || response.body.empty()) return completed(wsi, data);
  data->body = new std::string(response.body);
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
