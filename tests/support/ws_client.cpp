#include "support/ws_client.h"

#include <cstring>
#include <stdexcept>

namespace hallcast::test {
namespace {

const lws_protocols kClientProtocols[] = {
    {"hallcast-test-client", WsClient::callback, 0, 64 * 1024, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

}  // namespace

WsClient::WsClient(Options options) : options_(std::move(options)) {
  lws_set_log_level(LLL_ERR, nullptr);
  lws_context_creation_info info;
  std::memset(&info, 0, sizeof info);
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = kClientProtocols;
  info.user = this;
  if (!options_.tls_ca_file.empty()) {
    info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.client_ssl_ca_filepath = options_.tls_ca_file.c_str();
  }
  context_ = lws_create_context(&info);
  if (!context_) throw std::runtime_error("lws_create_context failed");
}

WsClient::~WsClient() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  if (thread_.joinable()) {
    lws_cancel_service(context_);
    thread_.join();
  }
  lws_context_destroy(context_);
}

bool WsClient::connect(std::chrono::milliseconds timeout) {
  lws_client_connect_info ci;
  std::memset(&ci, 0, sizeof ci);
  ci.context = context_;
  ci.address = "127.0.0.1";
  ci.port = options_.port;
  ci.path = options_.path.c_str();
  ci.host = options_.host.c_str();
  ci.origin = nullptr;  // lws would send "http://" + it: the header goes in whole below
  ci.protocol = options_.subprotocol.empty() ? nullptr : options_.subprotocol.c_str();
  ci.local_protocol_name = kClientProtocols[0].name;
  ci.userdata = this;
  ci.pwsi = &wsi_;
  if (!options_.tls_ca_file.empty()) ci.ssl_connection = LCCSCF_USE_SSL;  // certificate and name checked
  if (!lws_client_connect_via_info(&ci)) {
    error_ = "connect failed at once";
    return false;
  }
  thread_ = std::thread([this] {
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stop_) return;
      }
      lws_service(context_, 0);
    }
  });
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [this] { return state_ != State::kConnecting; });
  if (state_ == State::kConnecting) error_ = "timed out";
  return opened_;  // the hub may already have closed it again
}

void WsClient::sendRaw(std::string bytes, bool binary) {
  {
    std::lock_guard lock(mutex_);
    outgoing_.emplace_back(std::move(bytes), binary);
  }
  lws_cancel_service(context_);
}

uint64_t WsClient::send(v1::ClientMessage message) {
  if (message.request_id() == 0) {
    std::lock_guard lock(mutex_);
    message.set_request_id(next_request_id_++);
  }
  sendRaw(message.SerializeAsString());
  return message.request_id();
}

std::optional<v1::ServerEvent> WsClient::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [this] { return !incoming_.empty() || state_ != State::kOpen; });
  if (incoming_.empty()) return std::nullopt;
  v1::ServerEvent event = std::move(incoming_.front());
  incoming_.pop_front();
  return event;
}

bool WsClient::peek(const std::function<bool(const v1::ServerEvent&)>& match) {
  std::lock_guard lock(mutex_);
  for (const v1::ServerEvent& event : incoming_) {
    if (match(event)) return true;
  }
  return false;
}

std::optional<v1::ServerEvent> WsClient::waitFor(
    const std::function<bool(const v1::ServerEvent&)>& match, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto event = next(left);
    if (!event) return std::nullopt;
    if (match(*event)) return event;
  }
}

v1::ServerEvent WsClient::request(v1::ClientMessage message, std::chrono::milliseconds timeout) {
  const uint64_t id = send(std::move(message));
  auto answer = waitFor(
      [id](const v1::ServerEvent& e) {
        return (e.has_ack() && e.ack().request_id() == id) ||
               (e.has_error() && e.error().request_id() == id);
      },
      timeout);
  if (!answer) throw std::runtime_error("no answer to request " + std::to_string(id));
  return *answer;
}

v1::ServerEvent WsClient::hello(const std::string& display_name) {
  v1::ClientMessage m;
  m.mutable_hello()->set_display_name(display_name);
  return request(std::move(m));
}

v1::ServerEvent WsClient::join(const std::string& room_id, std::optional<uint64_t> since_seq) {
  v1::ClientMessage m;
  m.mutable_join_room()->set_room_id(room_id);
  if (since_seq) m.mutable_join_room()->set_since_seq(*since_seq);
  return request(std::move(m));
}

v1::ClientMessage chatRequest(const std::string& room_id, const std::string& text,
                              const std::string& client_message_id, uint64_t request_id) {
  v1::ClientMessage m;
  m.set_request_id(request_id);
  m.mutable_send_chat()->set_room_id(room_id);
  m.mutable_send_chat()->set_text(text);
  m.mutable_send_chat()->set_client_message_id(client_message_id);
  return m;
}

v1::ServerEvent WsClient::chat(const std::string& room_id, const std::string& text) {
  return request(chatRequest(room_id, text));
}

void WsClient::pauseReading(bool paused) {
  {
    std::lock_guard lock(mutex_);
    flow_change_ = !paused;
  }
  lws_cancel_service(context_);
}

int WsClient::waitClosed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [this] { return state_ == State::kClosed || state_ == State::kFailed; });
  return close_code_;
}

std::string WsClient::closeReason() const {
  std::lock_guard lock(mutex_);
  return close_reason_;
}

std::size_t WsClient::messagesReceived() const {
  std::lock_guard lock(mutex_);
  return messages_received_;
}

void WsClient::onReceive(const char* in, size_t len) {
  rx_.append(in, len);
  if (!lws_is_final_fragment(wsi_)) return;
  v1::ServerMessage message;
  const bool ok = message.ParseFromString(rx_);
  rx_.clear();
  std::lock_guard lock(mutex_);
  if (!ok) {
    error_ = "hub sent a message that is not a ServerMessage";
    return;
  }
  ++messages_received_;
  for (auto& event : *message.mutable_events()) incoming_.push_back(std::move(event));
  cv_.notify_all();
}

int WsClient::callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* self = static_cast<WsClient*>(user);
  if (!self) self = static_cast<WsClient*>(lws_context_user(lws_get_context(wsi)));
  switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED: {
      std::lock_guard lock(self->mutex_);
      self->state_ = State::kOpen;
      self->opened_ = true;
      self->cv_.notify_all();
      if (!self->outgoing_.empty()) lws_callback_on_writable(wsi);
      return 0;
    }
    case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
      if (self->options_.origin.empty()) return 0;
      auto** p = static_cast<unsigned char**>(in);
      const std::string line = "Origin: " + self->options_.origin + "\r\n";
      if (line.size() >= len) return -1;
      std::memcpy(*p, line.data(), line.size());
      *p += line.size();
      return 0;
    }
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
      std::lock_guard lock(self->mutex_);
      self->state_ = State::kFailed;
      self->error_ = in ? std::string(static_cast<const char*>(in), len) : "connection error";
      self->cv_.notify_all();
      return 0;
    }
    case LWS_CALLBACK_CLIENT_RECEIVE:
      self->onReceive(static_cast<const char*>(in), len);
      return 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED: {
      std::lock_guard lock(self->mutex_);
      if (self->state_ != State::kOpen || !self->wsi_) return 0;
      if (!self->outgoing_.empty()) lws_callback_on_writable(self->wsi_);
      if (self->flow_change_) {
        lws_rx_flow_control(self->wsi_, *self->flow_change_ ? 1 : 0);
        self->flow_change_.reset();
      }
      return 0;
    }
    case LWS_CALLBACK_CLIENT_WRITEABLE: {
      std::pair<std::string, bool> frame;
      bool more;
      {
        std::lock_guard lock(self->mutex_);
        if (self->outgoing_.empty()) return 0;
        frame = std::move(self->outgoing_.front());
        self->outgoing_.pop_front();
        more = !self->outgoing_.empty();
      }
      std::string buf(LWS_PRE, '\0');
      buf += frame.first;
      const int n = lws_write(wsi, reinterpret_cast<unsigned char*>(buf.data()) + LWS_PRE,
                              frame.first.size(), frame.second ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
      if (n < static_cast<int>(frame.first.size())) return -1;
      if (more) lws_callback_on_writable(wsi);
      return 0;
    }
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
      std::lock_guard lock(self->mutex_);
      const auto* p = static_cast<const unsigned char*>(in);
      if (len >= 2) {
        self->close_code_ = (p[0] << 8) | p[1];
        self->close_reason_.assign(reinterpret_cast<const char*>(p) + 2, len - 2);
      }
      return 0;
    }
    case LWS_CALLBACK_CLIENT_CLOSED: {
      std::lock_guard lock(self->mutex_);
      self->state_ = State::kClosed;
      self->wsi_ = nullptr;
      self->cv_.notify_all();
      return 0;
    }
    default:
      return 0;
  }
}

}  // namespace hallcast::test
