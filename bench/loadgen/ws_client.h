#pragma once
// Many WebSocket client connections to one server on one epoll instance,
// served by the thread that calls poll(): non-blocking sockets, level-
// triggered, one large read buffer shared by every connection. Each read's
// complete frames go to the handler straight from that buffer; only a frame
// cut off at the end of a read is copied (ws_frame.h). Writes go out at once
// with send(); what the socket does not take waits in the connection's own
// buffer, with EPOLLOUT on until it is drained.

#include <netinet/in.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/ws_frame.h"
#include "loadgen/ws_handshake.h"

namespace bench::ws {

class Client;

// One connection. Its owner keeps it at a fixed address while it is in use
// (connecting to closed); a closed connection may connect again.
class Connection {
 public:
  enum class State : uint8_t {
    kIdle,         // never connected, or closed
    kConnecting,   // TCP connect in progress
    kHandshaking,  // the Upgrade request sent, waiting for the 101
    kOpen,
    kClosing,      // our Close sent, waiting for the server's Close or EOF
  };

  State state() const { return state_; }
  bool isOpen() const { return state_ == State::kOpen; }
  void* user = nullptr;  // for the handler

 private:
  friend class Client;

  int fd_ = -1;
  State state_ = State::kIdle;
  bool want_write_ = false;     // EPOLLOUT on
  bool paused_ = false;         // EPOLLIN off
  std::string key_;             // Sec-WebSocket-Key, while handshaking
  int port_ = 0;                // where it connects (the Host header names it)
  std::string response_;        // the handshake response so far
  std::string out_;             // bytes send() did not take yet
  std::size_t out_sent_ = 0;    // of out_, already sent
  FrameReader reader_;
};

// Why a connection ended, as its handler learns it.
struct CloseInfo {
  bool opened = false;       // false: the connection or the handshake failed
  uint16_t code = 0;         // the server's Close code (0: none given, or no Close)
  bool protocol_error = false;  // we closed it (1002 or 1009): the server broke RFC 6455
  bool by_us = false;        // the close we asked for (Client::close) completed
  std::string why;           // for people
};

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void onOpen(Connection& c) = 0;
  // A text or binary message; `payload` is valid during the call only.
  virtual void onMessage(Connection& c, std::string_view payload) = 0;
  // The connection is gone (its socket closed); called once per connect().
  virtual void onClosed(Connection& c, const CloseInfo& info) = 0;
};

struct Endpoint {
  std::string host = "127.0.0.1";  // an IPv4 address or a name
  int port = 0;
  std::string path = "/";
  std::string protocol;  // Sec-WebSocket-Protocol to ask for (empty: none)
  std::string origin;    // Origin header (empty: none)
};

class Client {
 public:
  Client(Endpoint endpoint, Handler& handler);
  ~Client();  // closes every socket still open, without telling the handler
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Starts connecting `c` (it must be idle) to the endpoint, on `port` when
  // not 0, with a receive buffer of `receive_buffer` bytes when not 0 (a
  // client on a poor link: the kernel holds little of what it has not
  // read); on an immediate failure the handler's onClosed is called before
  // this returns.
  void connect(Connection& c, int port = 0, int receive_buffer = 0);
  // Sends one binary message (masked, as a client must) on an open connection.
  void sendBinary(Connection& c, std::string_view payload);
  // Starts the closing handshake: our Close with `code`, then the server's
  // Close or EOF ends it. A connection not open yet is dropped at once.
  void close(Connection& c, uint16_t code = kCloseNormal);
  // Stops reading from `c` (the server's sends back up in the socket and
  // then the server), or reads again.
  void pauseReading(Connection& c, bool paused);
  // Waits at most `timeout_ms` for network events and handles them.
  void poll(int timeout_ms);

 private:
  class Sink;

  void sendFrame(Connection& c, uint8_t opcode, std::string_view payload);
  void write(Connection& c, std::string_view bytes);
  void flush(Connection& c);
  void setWantWrite(Connection& c, bool on);
  // Sets the socket's epoll events from the connection's flags.
  void watch(Connection& c);
  void onConnected(Connection& c);
  void onReadable(Connection& c);
  void onBytes(Connection& c, std::string_view bytes);
  void onHandshakeBytes(Connection& c, std::string_view bytes);
  void finish(Connection& c, const CloseInfo& info);
  uint64_t nextRandom();

  Endpoint endpoint_;
  Handler& handler_;
  sockaddr_in address_{};
  int epoll_fd_ = -1;
  std::unique_ptr<char[]> read_buffer_;  // shared by every connection
  std::string frame_;                    // scratch for one outgoing frame
  uint64_t rng_state_ = 0;               // masks and keys (splitmix64, seeded by the OS)
  std::vector<Connection*> by_fd_;       // the connection on each socket (null: none)
};

}  // namespace bench::ws
