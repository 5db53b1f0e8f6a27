#pragma once
// Private to transport/: the libwebsockets callbacks of the hub's two
// protocols — plain HTTP (http_callbacks.cpp: requests, held requests and
// their answers) and the hallcast.v1 WebSocket (ws_callbacks.cpp: upgrades,
// frames in, writable sockets) — and what lws keeps per connection for them.

#include <libwebsockets.h>

#include <string>

#include "http/routes.h"
#include "transport/ws_server.h"

namespace hallcast {

class WsConnection;

inline constexpr const char* kSubprotocol = "hallcast.v1";

struct WsSessionData {
  WsConnection* connection;
  std::string* peer;  // the client's address, counted in connections_per_ip_
};

// A request answered later (HttpResponse::wait_for).
struct HeldRequest {
  HttpRequest request;
  HttpResponse timeout;  // sent as it is at timeout.wait_until
};

struct HttpSessionData {
  std::string* body;      // pending response body, written when writable
  HttpRequest* reading;   // a request whose body is arriving
  HeldRequest* held;      // a request waiting for a live playlist or a WebRTC answer
  HttpResponse* ready;    // its answer, sent when writable
  bool head;              // the held request was a HEAD
  bool close;             // close the connection once the response is sent
};

struct LwsServer::Callbacks {
  static LwsServer& server(lws* wsi) {
    return *static_cast<LwsServer*>(lws_context_user(lws_get_context(wsi)));
  }

  static void tick(lws_sorted_usec_list_t* sul);

  // HTTP (http_callbacks.cpp).
  static int http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  static int serveHttp(lws* wsi, HttpSessionData* data, const char* path);
  static int dispatch(lws* wsi, HttpSessionData* data, HttpRequest request);
  // Sends the held request's answer when the connection is writable.
  static void release(lws* wsi, HttpSessionData* data, HttpResponse response);
  // The response is out: the connection takes the next request, or closes.
  static int completed(lws* wsi, HttpSessionData* data);
  static int respond(lws* wsi, HttpSessionData* data, bool head, const HttpResponse& response);
  static int addHeaders(lws* wsi, const HttpResponse& response, unsigned char** p, unsigned char* end);

  // The hallcast.v1 WebSocket (ws_callbacks.cpp).
  static int ws(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
  static int receive(lws* wsi, WsConnection& c, const char* in, size_t len);
};

}  // namespace hallcast
