#include "transport/ws_server.h"

#include <libwebsockets.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <utility>
#include <vector>
#include <stdexcept>

namespace hallcast {

namespace {

constexpr const char* kSubprotocol = "hallcast.v1";
constexpr const char* kWebSocketPath = "/ws";
// A closing connection that does not read our close frame is dropped after this.
constexpr int kCloseTimeoutSeconds = 5;
// Presence announcements and other periodic hub work.
constexpr lws_usec_t kTickInterval = 100 * LWS_US_PER_MS;

// A WebSocket client, as the hub sees it (Connection) and as lws does.
struct WsConnection final : Connection {
  explicit WsConnection(lws* w) : wsi(w) {}

  void wantWrite() override { lws_callback_on_writable(wsi); }

  void close(uint16_t code, const std::string& reason) override {
    if (close_code != 0) return;
    close_code = code;
    close_reason = reason.substr(0, 123);  // a close frame's payload is at most 125 bytes
    lws_callback_on_writable(wsi);
    // If the client is not reading, the close frame never leaves: drop it then.
    lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, kCloseTimeoutSeconds);
  }

  lws* wsi;
  Session* session = nullptr;
  std::string rx;          // the message being received, across fragments
  bool rx_in_message = false;
  bool rx_binary = false;
  std::string tx;          // LWS_PRE bytes of headroom, then the batch
  uint16_t close_code = 0;
  std::string close_reason;
};

struct WsSessionData {
  WsConnection* connection;
};

struct HttpSessionData {
  std::string* body;  // pending response body, written when writable
};

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

// Answers a WebSocket upgrade we do not accept with an HTTP error (RFC 6455
// §4.2.2: the server may refuse with any HTTP status) instead of a bare close.
int refuseUpgrade(lws* wsi, unsigned int status, const std::string& reason) {
  spdlog::debug("refusing WebSocket upgrade: {}", reason);
  lws_return_http_status(wsi, status, reason.c_str());
  return 1;
}

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
    self.hub_.tick(std::chrono::steady_clock::now());
    lws_sul_schedule(self.context_, 0, &ticker->sul, tick, kTickInterval);
  }

  static int http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* data = static_cast<HttpSessionData*>(user);
    switch (reason) {
      case LWS_CALLBACK_ESTABLISHED: {
        // A WebSocket that did not ask for our subprotocol lands here. Open
        // it and close it at once with the reason: unlike a refused
        // handshake, every client (browsers too) shows a close reason.
        static const std::string kReason = "use the WebSocket subprotocol hallcast.v1";
        lws_close_reason(wsi, LWS_CLOSE_STATUS_PROTOCOL_ERR,
                         reinterpret_cast<unsigned char*>(const_cast<char*>(kReason.data())),
                         kReason.size());
        return -1;
      }
      case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        server(wsi).queue_.drain();
        return 0;
      case LWS_CALLBACK_HTTP:
        return serveHttp(wsi, data, static_cast<const char*>(in));
      case LWS_CALLBACK_HTTP_WRITEABLE: {
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
        return lws_http_transaction_completed(wsi) ? -1 : 0;
      }
      case LWS_CALLBACK_HTTP_FILE_COMPLETION:
        return lws_http_transaction_completed(wsi) ? -1 : 0;
      case LWS_CALLBACK_CLOSED_HTTP:
      case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
        if (data && data->body) {
          delete data->body;
          data->body = nullptr;
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
    const HttpResponse response = self.routes_.handle(request);
    const bool head = request.method == "HEAD";

    unsigned char buf[LWS_PRE + 2048];
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
    if (lws_add_http_common_headers(wsi, static_cast<unsigned int>(response.status),
                                    response.content_type.c_str(), response.body.size(), &p, end) ||
        addHeaders(wsi, response, &p, end) || lws_finalize_write_http_header(wsi, start, &p, end)) {
      return 1;
    }
    if (head || response.body.empty()) return lws_http_transaction_completed(wsi) ? -1 : 0;
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
        return 0;
      }
      case LWS_CALLBACK_ESTABLISHED: {
        auto* connection = new WsConnection(wsi);
        connection->session = &server(wsi).hub_.connect(*connection);
        data->connection = connection;
        return 0;
      }
      case LWS_CALLBACK_RECEIVE:
        return receive(wsi, *data->connection, static_cast<const char*>(in), len);
      case LWS_CALLBACK_SERVER_WRITEABLE:
        return writable(wsi, *data->connection);
      case LWS_CALLBACK_CLOSED:
        if (data && data->connection) {
          server(wsi).hub_.disconnect(*data->connection->session);
          delete data->connection;
          data->connection = nullptr;
        }
        return 0;
      default:
        return 0;
    }
  }

  static int receive(lws* wsi, WsConnection& c, const char* in, size_t len) {
    LwsServer& self = server(wsi);
    if (c.close_code != 0) return 0;  // closing: ignore whatever still arrives
    if (!c.rx_in_message) {
      c.rx.clear();
      c.rx_in_message = true;
      c.rx_binary = lws_frame_is_binary(wsi);
    }
    const std::size_t max = self.hub_.config().limits.max_frame_bytes;
    const std::size_t remaining = lws_remaining_packet_payload(wsi);
    if (c.rx.size() + len + remaining > max) {
      ++self.metrics_.oversized_frames;
      const std::string reason = "message larger than " + std::to_string(max) + " bytes";
      lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
                       reinterpret_cast<unsigned char*>(const_cast<char*>(reason.data())),
                       reason.size());
      return -1;
    }
    c.rx.append(in, len);
    if (!lws_is_final_fragment(wsi)) return 0;
    c.rx_in_message = false;
    if (c.rx_binary) {
      self.hub_.onBinaryMessage(*c.session, c.rx);
    } else {
      self.hub_.onTextMessage(*c.session);
    }
    return 0;
  }

  static int writable(lws* wsi, WsConnection& c) {
    if (c.close_code != 0) {
      lws_close_reason(wsi, static_cast<lws_close_status>(c.close_code),
                       reinterpret_cast<unsigned char*>(c.close_reason.data()), c.close_reason.size());
      return -1;
    }
    c.tx.assign(LWS_PRE, '\0');
    if (!server(wsi).hub_.takeOutgoing(*c.session, c.tx)) return 0;
    const std::size_t n = c.tx.size() - LWS_PRE;
    if (lws_write(wsi, reinterpret_cast<unsigned char*>(c.tx.data()) + LWS_PRE, n,
                  LWS_WRITE_BINARY) < static_cast<int>(n)) {
      return -1;
    }
    if (!c.session->queue.empty()) lws_callback_on_writable(wsi);
    return 0;
  }
};

namespace {

const lws_protocols kProtocols[] = {
    {"http", LwsServer::Callbacks::http, sizeof(HttpSessionData), 0, 0, nullptr, 0},
    {kSubprotocol, LwsServer::Callbacks::ws, sizeof(WsSessionData), 16 * 1024, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

// Idle WebSockets are pinged after 30 s and dropped after 60 s of silence.
const lws_retry_bo_t kIdlePolicy = {nullptr, 0, 0, 30, 60, 0};

}  // namespace

LwsServer::LwsServer(const ServerOptions& options, Hub& hub, const HttpRoutes& routes,
                     Metrics& metrics)
    : hub_(hub), routes_(routes), metrics_(metrics) {
  lws_set_log_level(LLL_ERR | LLL_WARN, logFromLws);

  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS | LWS_SERVER_OPTION_DISABLE_IPV6;
  info.user = this;
  info.protocols = kProtocols;
  context_ = lws_create_context(&info);
  if (!context_) throw std::runtime_error("cannot create the libwebsockets context");

  lws_context_creation_info vinfo;
  std::memset(&vinfo, 0, sizeof vinfo);
  vinfo.vhost_name = "hallcast";
  vinfo.port = options.port;
  vinfo.iface = options.host.empty() || options.host == "0.0.0.0" ? nullptr : options.host.c_str();
  vinfo.protocols = kProtocols;
  vinfo.retry_and_idle_policy = &kIdlePolicy;
  vinfo.server_string = "hallcast";
  vinfo.options = LWS_SERVER_OPTION_DISABLE_IPV6;
  vhost_ = lws_create_vhost(context_, &vinfo);
  if (!vhost_) {
    lws_context_destroy(context_);
    throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  port_ = lws_get_vhost_listen_port(vhost_);

  ticker_ = new Ticker{};
  ticker_->server = this;
  lws_sul_schedule(context_, 0, &ticker_->sul, Callbacks::tick, kTickInterval);
}

LwsServer::~LwsServer() {
  lws_context_destroy(context_);
  delete ticker_;
}

void LwsServer::run() {
  while (!stopping_.load()) {
    if (lws_service(context_, 0) < 0) return;
    // Here rather than in the signal handler, which may do almost nothing.
    if (reload_requested_.exchange(false) && reload_) reload_();
  }
  // Tell every client we are going (1001), so they reconnect at once rather
  // than wait for a timeout; give the close frames a moment to leave.
  hub_.closeAll(kCloseGoingAway, "the hub is shutting down");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (hub_.sessionCount() > 0 && std::chrono::steady_clock::now() < deadline) {
    if (lws_service(context_, 0) < 0) return;
  }
}

void LwsServer::stop() {
  stopping_.store(true);
  lws_cancel_service(context_);
}

void LwsServer::requestReload() {
  reload_requested_.store(true);
  lws_cancel_service(context_);
}

void LwsServer::post(LoopQueue::Task task) {
  queue_.push(std::move(task));
  lws_cancel_service(context_);
}

}  // namespace hallcast
