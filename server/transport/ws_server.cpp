#include "transport/ws_server.h"

#include <libwebsockets.h>
#include <spdlog/spdlog.h>
#include <uv.h>

#include <cstring>
#include <stdexcept>
#include <utility>

#include "transport/lws_callbacks.h"
#include "transport/write_flusher.h"
#include "transport/ws_connection.h"

namespace hallcast {

namespace {

constexpr unsigned short kMaxRequestHeaderBytes = 8 * 1024;
// Presence announcements and other periodic hub work.
constexpr lws_usec_t kTickInterval = 100 * LWS_US_PER_MS;

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

void LwsServer::Callbacks::tick(lws_sorted_usec_list_t* sul) {
  auto* ticker = reinterpret_cast<Ticker*>(sul);
  LwsServer& self = *ticker->server;
  const auto now = std::chrono::steady_clock::now();
  self.hub_.tick(now);
  for (lws* wsi : self.held_.expired(now)) {
    HttpExchange& held = exchangeOf(wsi);
    release(wsi, held, held.takeTimeoutAnswer());
  }
  if (now >= self.next_keepalive_) {
    self.next_keepalive_ = now + std::chrono::seconds(1);
    // Silent WebSockets are pinged, and dropped when silent twice as long.
    const std::chrono::seconds ping_after(self.hub_.config().limits.ping_interval_seconds);
    for (WsConnection* connection : self.connections_) connection->keepAlive(now, ping_after, 2 * ping_after);
  }
  lws_sul_schedule(self.context_, 0, &ticker->sul, tick, kTickInterval);
}

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
  for (lws* wsi : held_.waitingFor(key)) {
    HttpExchange& held = Callbacks::exchangeOf(wsi);
    const HttpResponse& waiting = held.timeoutAnswer();
    HttpResponse response = waiting.retry ? waiting.retry() : routes_.handle(held.heldRequest());
    if (response.wait_for.empty()) Callbacks::release(wsi, held, std::move(response));
  }
}

void LwsServer::post(LoopQueue::Task task) {
  queue_.push(std::move(task));
  uv_async_send(wake_);
}

}  // namespace hallcast
