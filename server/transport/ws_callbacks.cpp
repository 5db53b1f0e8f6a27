// The hallcast.v1 WebSocket in libwebsockets: an upgrade is accepted (path,
// origin, connections per address), frames are gathered into messages for
// the hub, and each connection writes when its socket can take more.

#include <libwebsockets.h>

#include <string>

#include "http/origin_policy.h"
#include "transport/lws_callbacks.h"
#include "transport/lws_request.h"
#include "transport/ws_connection.h"

namespace hallcast {
namespace {

using namespace lws_request;

constexpr const char* kWebSocketPath = "/ws";

}  // namespace

int LwsServer::Callbacks::ws(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* data = static_cast<WsSessionData*>(user);
  switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
      const std::string path = requestPath(wsi);
      if (path != kWebSocketPath) {
        return refuseUpgrade(wsi, HTTP_STATUS_NOT_FOUND, "no WebSocket endpoint at " + path);
      }
      if (auto refused = refuseOrigin(header(wsi, WSI_TOKEN_ORIGIN), header(wsi, WSI_TOKEN_HOST),
                                      server(wsi).hub_.config().access.allowed_origins)) {
        return refuseUpgrade(wsi, HTTP_STATUS_FORBIDDEN, *refused);
      }
      LwsServer& self = server(wsi);
      const uint32_t limit = self.hub_.config().limits.connections_per_ip;
      if (limit > 0) {
        const auto open = self.connections_per_ip_.find(peerAddress(wsi));
        if (open != self.connections_per_ip_.end() && open->second >= limit) {
          ++self.metrics_.refused_connections;
          return refuseUpgrade(wsi, 429,
                               "too many connections from your address (" + std::to_string(limit) +
                                   "; limits.connections_per_ip)");
        }
      }
      return 0;
    }
    case LWS_CALLBACK_ESTABLISHED: {
      LwsServer& self = server(wsi);
      data->connection = new WsConnection(wsi, self.hub_, *self.flusher_, WsConnection::Clock::now());
      self.connections_.insert(data->connection);
      if (self.hub_.config().limits.connections_per_ip > 0) {
        data->peer = new std::string(peerAddress(wsi));
        ++self.connections_per_ip_[*data->peer];
      }
      return 0;
    }
    case LWS_CALLBACK_RECEIVE:
      data->connection->heard(WsConnection::Clock::now());
      return receive(wsi, *data->connection, static_cast<const char*>(in), len);
    case LWS_CALLBACK_RECEIVE_PONG:
      data->connection->heard(WsConnection::Clock::now());
      return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return data->connection->onWritable();
    case LWS_CALLBACK_TIMER:  // startWsClose
      return -1;
    case LWS_CALLBACK_CLOSED:
      if (data && data->connection) {
        server(wsi).connections_.erase(data->connection);
        data->connection->closed();
        delete data->connection;
        data->connection = nullptr;
      }
      if (data && data->peer) {
        auto& per_ip = server(wsi).connections_per_ip_;
        if (auto open = per_ip.find(*data->peer); open != per_ip.end() && --open->second == 0) per_ip.erase(open);
        delete data->peer;
        data->peer = nullptr;
      }
      return 0;
    default:
      return 0;
  }
}

int LwsServer::Callbacks::receive(lws* wsi, WsConnection& c, const char* in, size_t len) {
  LwsServer& self = server(wsi);
  if (c.closing()) return 0;  // ignore whatever still arrives
  if (!c.rx_in_message) {
    c.rx.clear();
    c.rx_in_message = true;
    c.rx_binary = lws_frame_is_binary(wsi);
  }
  const std::size_t max = self.hub_.config().limits.max_frame_bytes;
  const std::size_t remaining = lws_remaining_packet_payload(wsi);
  if (c.rx.size() + len + remaining > max) {
    ++self.metrics_.oversized_frames;
    c.close(LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message larger than " + std::to_string(max) + " bytes");
    return 0;
  }
  c.rx.append(in, len);
  if (!lws_is_final_fragment(wsi)) return 0;
  c.rx_in_message = false;
  if (c.rx_binary) {
    self.hub_.onBinaryMessage(c.session(), c.rx);
  } else {
    self.hub_.onTextMessage(c.session());
  }
  return 0;
}

}  // namespace hallcast
