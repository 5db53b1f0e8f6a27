#pragma once
// A WebSocket client for tests, on libwebsockets' client API, with its own
// service thread. It speaks the hallcast.v1 protocol (or sends raw frames for
// the bad-input tests) and records what the hub sends and how it closes.

#include <libwebsockets.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "hallcast/v1/realtime.pb.h"

namespace hallcast::test {

using namespace std::chrono_literals;

// A SendChat request (request_id 0: WsClient::send picks one).
v1::ClientMessage chatRequest(const std::string& room_id, const std::string& text,
                              const std::string& client_message_id = "", uint64_t request_id = 0);

class WsClient {
 public:
  struct Options {
    int port = 0;
    std::string path = "/ws";
    std::string subprotocol = "hallcast.v1";  // empty: offer none
    std::string origin = "http://127.0.0.1";  // the Origin header, as a page of the hub's; empty: none
    std::string host = "127.0.0.1";           // the Host header
    // Set: wss://, the hub's certificate checked against this PEM CA file.
    std::string tls_ca_file;
  };

  explicit WsClient(Options options);
  explicit WsClient(int port) : WsClient(Options{port}) {}
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Connects; false when the handshake failed (see error()).
  bool connect(std::chrono::milliseconds timeout = 5s);
  const std::string& error() const { return error_; }

  // Sends one WebSocket message.
  void sendRaw(std::string bytes, bool binary = true);
  // Sends `message` with a fresh request_id (unless it has one); returns the id.
  uint64_t send(v1::ClientMessage message);

  // The next event from the hub, in order; nullopt on timeout or close.
  std::optional<v1::ServerEvent> next(std::chrono::milliseconds timeout = 5s);
  // Takes events until one matches; the others are dropped. nullopt on timeout.
  // Whether an event received and not yet taken matches (takes nothing).
  bool peek(const std::function<bool(const v1::ServerEvent&)>& match);
  std::optional<v1::ServerEvent> waitFor(const std::function<bool(const v1::ServerEvent&)>& match,
                                         std::chrono::milliseconds timeout = 5s);
  // Sends `message` and waits for the Ack or Error with its request_id.
  v1::ServerEvent request(v1::ClientMessage message, std::chrono::milliseconds timeout = 5s);

  // Helpers for the usual requests; each waits for the answer.
  v1::ServerEvent hello(const std::string& display_name);
  v1::ServerEvent join(const std::string& room_id, std::optional<uint64_t> since_seq = std::nullopt);
  v1::ServerEvent chat(const std::string& room_id, const std::string& text);

  // WebSocket messages received so far (each may carry several events).
  std::size_t messagesReceived() const;

  // Stops reading from the socket (the hub's sends back up), or resumes.
  void pauseReading(bool paused);

  // Waits until the hub closes the connection; the close code, or 0.
  int waitClosed(std::chrono::milliseconds timeout = 5s);
  std::string closeReason() const;

  static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);

 private:
  void onReceive(const char* in, size_t len);

  Options options_;
  lws_context* context_ = nullptr;
  lws* wsi_ = nullptr;
  std::thread thread_;
  bool stop_ = false;  // guarded by mutex_

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  enum class State { kConnecting, kOpen, kFailed, kClosed } state_ = State::kConnecting;
  std::string error_;
  bool opened_ = false;  // the handshake succeeded
  std::deque<std::pair<std::string, bool>> outgoing_;
  std::deque<v1::ServerEvent> incoming_;
  std::size_t messages_received_ = 0;
  std::string rx_;
  int close_code_ = 0;
  std::string close_reason_;
  std::optional<bool> flow_change_;
  uint64_t next_request_id_ = 1;
};

}  // namespace hallcast::test
