#include "transport/ws_server.h"

#include <libwebsockets.h>
#include <spdlog/spdlog.h>
#include <uv.h>

#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "http/origin_policy.h"
#include "transport/lws_request.h"
#include "transport/write_flusher.h"
#include "transport/ws_connection.h"

namespace hallcast {

namespace {

using namespace lws_request;

constexpr const char* kSubprotocol = "hallcast.v1";
constexpr const char* kWebSocketPath = "/ws";
constexpr unsigned short kMaxRequestHeaderBytes = 8 * 1024;
// Presence announcements and other periodic hub work.
constexpr lws_usec_t kTickInterval = 100 * LWS_US_PER_MS;

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

void logFromLws(int level, const char* line) {
  std::string_view text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (level & LLL_ERR) {
    spdlog::error("lws: {}", text);
  } else if (level & LLL_WARN) {
    spdlog::warn("lws: {}", text);
  } else {
    spdlog::debug("lws: {}", text);
  }
}

}  // namespace

struct LwsServer::Ticker {
  lws_sorted_usec_list_t sul;  // first member: the timer callback casts back
  LwsServer* server;
};

struct LwsServer::Callbacks {
  static LwsServer& server(lws* wsi) {
    return *static_cast<LwsServer*>(lws_context_user(lws_get_context(wsi)));
  }

  static void tick(lws_sorted_usec_list_t* sul) {
    auto* ticker = reinterpret_cast<Ticker*>(sul);
    LwsServer& self = *ticker->server;
    const auto now = std::chrono::steady_clock::now();
    self.hub_.tick(now);
    for (lws* wsi : std::vector<lws*>(self.held_.begin(), self.held_.end())) {
      auto* data = static_cast<HttpSessionData*>(lws_wsi_user(wsi));
      if (now >= data->held->timeout.wait_until) release(wsi, data, std::move(data->held->timeout));
    }
    if (now >= self.next_keepalive_) {
      self.next_keepalive_ = now + std::chrono::seconds(1);
      // Silent WebSockets are pinged, and dropped when silent twice as long.
      const std::chrono::seconds ping_after(self.hub_.config().limits.ping_interval_seconds);
      for (WsConnection* connection : self.connections_) connection->keepAlive(now, ping_after, 2 * ping_after);
    }
    lws_sul_schedule(self.context_, 0, &ticker->sul, tick, kTickInterval);
  }

  static int http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
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

  static int serveHttp(lws* wsi, HttpSessionData* data, const char* path) {
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

  static int dispatch(lws* wsi, HttpSessionData* data, HttpRequest request) {
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

  // Sends the held request's answer when the connection is writable.
  static void release(lws* wsi, HttpSessionData* data, HttpResponse response) {
    server(wsi).held_.erase(wsi);
    server(wsi).metrics_.http_held_requests = server(wsi).held_.size();
    data->head = data->held->request.method == "HEAD";
    delete data->held;
    data->held = nullptr;
    data->ready = new HttpResponse(std::move(response));
    lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);
    lws_callback_on_writable(wsi);
  }

  // The response is out: the connection takes the next request, or closes.
  static int completed(lws* wsi, HttpSessionData* data) {
    if (data && data->close) return -1;
    return lws_http_transaction_completed(wsi) ? -1 : 0;
  }

  static int respond(lws* wsi, HttpSessionData* data, bool head, const HttpResponse& response) {
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

  static int addHeaders(lws* wsi, const HttpResponse& response, unsigned char** p, unsigned char* end) {
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

  static int ws(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
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

  static int receive(lws* wsi, WsConnection& c, const char* in, size_t len) {
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
};

namespace {

const lws_protocols kProtocols[] = {
    {"http", LwsServer::Callbacks::http, sizeof(HttpSessionData), 0, 0, nullptr, 0},
    {kSubprotocol, LwsServer::Callbacks::ws, sizeof(WsSessionData), 16 * 1024, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

// lws's own keep-alive ("validity") is off (hangup 0): it re-arms a timer per
// connection in one sorted list, a walk past every connection's timer each
// time — quadratic when thousands connect at once (a quarter of the hub's
// CPU in `bench/run connect`). The hub pings silent clients itself
// (WsConnection::keepAlive, swept once a second).
const lws_retry_bo_t kNoValidityPolicy = {nullptr, 0, 0, 0, 0, 0};

}  // namespace

LwsServer::LwsServer(const ServerOptions& options, Hub& hub, const HttpRoutes& routes,
                     Metrics& metrics)
    : hub_(hub), routes_(routes), metrics_(metrics) {
  lws_set_log_level(LLL_ERR | LLL_WARN, logFromLws);

  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  loop_ = new uv_loop_t;
  uv_loop_init(loop_);
  wake_ = new uv_async_t;
  wake_->data = this;
  uv_async_init(loop_, wake_, [](uv_async_t* async) { static_cast<LwsServer*>(async->data)->queue_.drain(); });
  flusher_ = std::make_unique<WriteFlusher>(loop_, std::chrono::milliseconds(hub.config().limits.write_interval_ms));
  void* foreign_loops[] = {loop_};
  info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS | LWS_SERVER_OPTION_DISABLE_IPV6 | LWS_SERVER_OPTION_LIBUV;
  if (options.tls()) info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
  info.foreign_loops = foreign_loops;
  info.user = this;
  info.protocols = kProtocols;
  // A request's headers may take 8 KiB (lws's default, 4 KiB, dropped a
  // 5 KiB Authorization header; 8 KiB is what nginx allows a header line).
  // Not more: each connection's handshake buffer is this big, and 16 KiB
  // cost ~930 bytes of RSS per idle connection (bench/run idle: 7,680 vs
  // 6,747 bytes; 8 KiB: 6,806). Past it lws 4.1 drops the connection
  // rather than answering 431.
  info.max_http_header_data = kMaxRequestHeaderBytes;
  context_ = lws_create_context(&info);
  if (!context_) {
    closeLoop();
    throw std::runtime_error("cannot create the libwebsockets context");
  }

  lws_context_creation_info vinfo;
  std::memset(&vinfo, 0, sizeof vinfo);
  vinfo.vhost_name = "hallcast";
  vinfo.port = options.port;
  vinfo.iface = options.host.empty() || options.host == "0.0.0.0" ? nullptr : options.host.c_str();
  vinfo.protocols = kProtocols;
  vinfo.retry_and_idle_policy = &kNoValidityPolicy;
  vinfo.server_string = "hallcast";
  vinfo.options = LWS_SERVER_OPTION_DISABLE_IPV6;
  if (options.tls()) {
    vinfo.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;  // lws checks it per vhost too
    vinfo.ssl_cert_filepath = options.tls_cert_file.c_str();
    vinfo.ssl_private_key_filepath = options.tls_key_file.c_str();
  }
  vhost_ = lws_create_vhost(context_, &vinfo);
  if (!vhost_) {
    closeLoop();
    throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                             (options.tls() ? " with TLS (is " + options.tls_cert_file + " a PEM certificate and " +
                                                  options.tls_key_file + " its key?)"
                                            : std::string()));
  }
  port_ = lws_get_vhost_listen_port(vhost_);

  ticker_ = new Ticker{};
  ticker_->server = this;
  lws_sul_schedule(context_, 0, &ticker_->sul, Callbacks::tick, kTickInterval);
}

LwsServer::~LwsServer() {
  closeLoop();
  delete ticker_;
}

void LwsServer::closeLoop() {
  // On a loop of ours lws destroys its context in two calls: the first
  // closes its handles, which the loop must run to close; the second frees
  // the context (without it, LeakSanitizer found the context, its vhost
  // and their buffers left at every exit).
  if (context_) lws_context_destroy(context_);
  flusher_->close();
  uv_close(reinterpret_cast<uv_handle_t*>(wake_), [](uv_handle_t* handle) {
    delete reinterpret_cast<uv_async_t*>(handle);
  });
  wake_ = nullptr;
  uv_run(loop_, UV_RUN_DEFAULT);
  if (context_) lws_context_destroy(context_);
  context_ = nullptr;
  uv_run(loop_, UV_RUN_DEFAULT);
  uv_loop_close(loop_);
  delete loop_;
  loop_ = nullptr;
}

void LwsServer::run() {
  // Each turn returns after at least one event; stop() and post() wake it,
  // the 100 ms ticker bounds it.
  while (!stopping_.load()) {
    uv_run(loop_, UV_RUN_ONCE);
    // Here rather than in the signal handler, which may do almost nothing.
    if (reload_requested_.exchange(false) && reload_) reload_();
  }
  // Tell every client we are going (1001), so they reconnect at once rather
  // than wait for a timeout; give the close frames a moment to leave.
  hub_.closeAll(kCloseGoingAway, "the hub is shutting down");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (hub_.sessionCount() > 0 && std::chrono::steady_clock::now() < deadline) {
    uv_run(loop_, UV_RUN_ONCE);
  }
}

// uv_async_send is thread-safe and async-signal-safe.
void LwsServer::stop() {
  stopping_.store(true);
  uv_async_send(wake_);
}

void LwsServer::requestReload() {
  reload_requested_.store(true);
  uv_async_send(wake_);
}

void LwsServer::retryHeld(const std::string& key) {
  for (lws* wsi : std::vector<lws*>(held_.begin(), held_.end())) {
    auto* data = static_cast<HttpSessionData*>(lws_wsi_user(wsi));
    if (data->held->timeout.wait_for != key) continue;
    const HttpResponse& waiting = data->held->timeout;
    HttpResponse response = waiting.retry ? waiting.retry() : routes_.handle(data->held->request);
    if (response.wait_for.empty()) Callbacks::release(wsi, data, std::move(response));
  }
}

void LwsServer::post(LoopQueue::Task task) {
  queue_.push(std::move(task));
  uv_async_send(wake_);
}

}  // namespace hallcast
