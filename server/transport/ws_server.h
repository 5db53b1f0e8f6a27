#pragma once
// The one libwebsockets service loop of the hub: HTTP and WebSockets on one
// port. It turns socket events into calls on the Hub and HttpRoutes, and
// writes what they queue. Everything here runs on the loop thread, except
// post() and stop().

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "http/routes.h"
#include "metrics/metrics.h"
#include "realtime/hub.h"
#include "threads/loop_queue.h"
#include "transport/held_requests.h"

struct lws;
struct lws_context;
struct lws_vhost;
struct uv_loop_s;
struct uv_async_s;

namespace hallcast {

class WriteFlusher;
class WsConnection;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see LwsServer::port())
  // Both set: the port speaks TLS only (HTTPS and WSS), with this PEM
  // certificate chain and private key.
  std::string tls_cert_file;
  std::string tls_key_file;
  bool tls() const { return !tls_cert_file.empty(); }
};

class LwsServer {
 public:
  // Binds the port; throws std::runtime_error when it cannot.
  LwsServer(const ServerOptions& options, Hub& hub, const HttpRoutes& routes, Metrics& metrics);
  ~LwsServer();
  LwsServer(const LwsServer&) = delete;
  LwsServer& operator=(const LwsServer&) = delete;

  // The port actually bound.
  int port() const { return port_; }

  // Serves until stop().
  void run();

  // Any thread, and async-signal-safe: ends run() soon.
  void stop();

  // Any thread: run `task` on the loop thread.
  void post(LoopQueue::Task task);

  // Loop thread: what the requests held for `key` (HttpResponse::wait_for)
  // wait for changed — a live playlist (LL-HLS blocking reloads, hinted
  // parts), a WebRTC answer: they are asked again.
  void retryHeld(const std::string& key);

  // What to do on the loop thread when a reload is requested (SIGHUP).
  void onReload(std::function<void()> reload) { reload_ = std::move(reload); }
  // Any thread, and async-signal-safe: run the reload soon.
  void requestReload();

  // Used by the libwebsockets callbacks (ws_server.cpp).
  struct Callbacks;

 private:
  void closeLoop();

  Hub& hub_;
  const HttpRoutes& routes_;
  Metrics& metrics_;
  // libuv (epoll) rather than lws's default poll(): poll() scans every
  // descriptor on every turn, which at 10,000 connections cost more than the
  // work of a turn (bench/run connect: 5 s for 10,000).
  uv_loop_s* loop_ = nullptr;
  // Wakes the loop from other threads and signal handlers (post, stop,
  // reload). It also keeps the loop alive: lws unrefs its own handles on a
  // loop it did not create, and a loop without a referenced handle does
  // not wait for anything.
  uv_async_s* wake_ = nullptr;
  std::unique_ptr<WriteFlusher> flusher_;
  std::unordered_set<WsConnection*> connections_;  // the WebSockets, for the keep-alive sweep
  HeldRequests held_;  // HTTP requests waiting for a live playlist or a WebRTC answer
  std::unordered_map<std::string, uint32_t> connections_per_ip_;  // open WebSockets by client address
  std::chrono::steady_clock::time_point next_keepalive_{};
  lws_context* context_ = nullptr;
  lws_vhost* vhost_ = nullptr;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> reload_requested_{false};
  std::function<void()> reload_;
  LoopQueue queue_;
  struct Ticker;
  Ticker* ticker_ = nullptr;
};

}  // namespace hallcast
