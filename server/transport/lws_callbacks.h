#pragma once
// Private to transport/: the libwebsockets callbacks of the hub's two
// protocols — plain HTTP (http_callbacks.cpp: requests, held requests and
// their answers) and the hallcast.v1 WebSocket (ws_callbacks.cpp: upgrades,
// frames in, writable sockets) — and what lws keeps per connection for them.

#include <libwebsockets.h>

#include <string>

#include "http/routes.h"
#include "transport/http_exchange.h"
#include "transport/ws_server.h"

namespace hallcast {

class WsConnection;

inline constexpr const char* kSubprotocol = "hallcast.v1";

struct WsSessionData {
  WsConnection* connection;
  std::string* peer;  // the client's address, counted in connections_per_ip_
};

struct HttpSessionData {
  // The request under way and its answer: made when a request starts,
  // deleted when lws drops the protocol or closes the connection. lws binds
  // the protocol afresh for each request on a keep-alive connection (this
  // memory zeroed again), after dropping it for the request before.
  HttpExchange* exchange;
};

struct LwsServer::Callbacks {
  static LwsServer& server(lws* wsi) {
    return *static_cast<LwsServer*>(lws_context_user(lws_get_context(wsi)));
  }

  static void tick(lws_sorted_usec_list_t* sul);

  // HTTP (http_callbacks.cpp).
  static int http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  // The exchange of a connection whose request is under way (held, say).
  static HttpExchange& exchangeOf(lws* wsi) { return *static_cast<HttpSessionData*>(lws_wsi_user(wsi))->exchange; }
  static int serveHttp(lws* wsi, HttpExchange& exchange, const char* path);
  static int dispatch(lws* wsi, HttpExchange& exchange, HttpRequest request);
  // Sends the held request's answer when the connection is writable.
  static void release(lws* wsi, HttpExchange& exchange, HttpResponse response);
  // Forgets a held request (answered, or its connection gone).
  static void unhold(lws* wsi);
  // The response is out: the connection takes the next request, or closes.
  // lws may drop the protocol, and the exchange with it, before it returns.
  static int completed(lws* wsi, const HttpExchange& exchange);
  static int respond(lws* wsi, HttpExchange& exchange, bool head, const HttpResponse& response);
  static int addHeaders(lws* wsi, const HttpResponse& response, unsigned char** p, unsigned char* end);

  // The hallcast.v1 WebSocket (ws_callbacks.cpp).
  static int ws(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  static int receive(lws* wsi, WsConnection& c, const char* in, size_t len);
};

}  // namespace hallcast
