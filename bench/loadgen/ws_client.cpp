#include "loadgen/ws_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace bench::ws {
namespace {

// recv() reads into one buffer of this size, whichever connection is ready.
constexpr std::size_t kReadBufferBytes = 256 * 1024;
constexpr int kMaxEvents = 1024;

std::string errnoText(const char* what, int error) { return std::string(what) + ": " + std::strerror(error); }

}  // namespace

// Hands the frames one read holds to the handler and notes a Close.
class Client::Sink final : public MessageSink {
 public:
  Sink(Client& client, Connection& c) : client_(client), c_(c) {}

  void onMessage(uint8_t, std::string_view payload) override {
    if (c_.state_ == Connection::State::kOpen || c_.state_ == Connection::State::kClosing) {
      client_.handler_.onMessage(c_, payload);
    }
  }
  void onPing(std::string_view payload) override {
    if (c_.state_ == Connection::State::kOpen) client_.sendFrame(c_, kPong, payload);
  }
  void onClose(uint16_t code, std::string_view reason) override {
    close_code = code;
    close_reason.assign(reason);
  }

  uint16_t close_code = 0;
  std::string close_reason;

 private:
  Client& client_;
  Connection& c_;
};

Client::Client(Endpoint endpoint, Handler& handler)
    : endpoint_(std::move(endpoint)), handler_(handler), read_buffer_(new char[kReadBufferBytes]) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(endpoint_.host.c_str(), nullptr, &hints, &found); error != 0 || !found) {
    throw std::runtime_error("cannot resolve " + endpoint_.host + ": " + gai_strerror(error));
  }
  address_ = *reinterpret_cast<const sockaddr_in*>(found->ai_addr);
  address_.sin_port = htons(static_cast<uint16_t>(endpoint_.port));
  freeaddrinfo(found);

  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw std::runtime_error(errnoText("epoll_create1", errno));
  if (getrandom(&rng_state_, sizeof rng_state_, 0) != sizeof rng_state_) {
    throw std::runtime_error(errnoText("getrandom", errno));
  }
}

Client::~Client() {
  // By the socket's number: the connections themselves may be gone already.
  for (std::size_t fd = 0; fd < by_fd_.size(); ++fd) {
    if (by_fd_[fd]) ::close(static_cast<int>(fd));
  }
  ::close(epoll_fd_);
}

uint64_t Client::nextRandom() {
  // splitmix64: masks need to be unpredictable to a third party on the
  // path, not secret; its seed comes from the OS.
  uint64_t z = (rng_state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void Client::connect(Connection& c, int port, int receive_buffer) {
  if (c.state_ != Connection::State::kIdle) throw std::logic_error("connect on a connection in use");
  c.reader_ = FrameReader();
  c.out_.clear();
  c.out_sent_ = 0;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    handler_.onClosed(c, {.why = errnoText("socket", errno)});
    return;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // Before connect: the window it advertises is set in the handshake.
  if (receive_buffer > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  c.port_ = port != 0 ? port : endpoint_.port;
  sockaddr_in address = address_;
  address.sin_port = htons(static_cast<uint16_t>(c.port_));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) < 0 && errno != EINPROGRESS) {
    const int error = errno;
    ::close(fd);
    handler_.onClosed(c, {.why = errnoText("connect", error)});
    return;
  }
  c.fd_ = fd;
  c.state_ = Connection::State::kConnecting;
  c.want_write_ = true;  // writable: connected (or failed)
  if (static_cast<std::size_t>(fd) >= by_fd_.size()) by_fd_.resize(static_cast<std::size_t>(fd) + 1, nullptr);
  by_fd_[static_cast<std::size_t>(fd)] = &c;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT;
  event.data.ptr = &c;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) < 0) finish(c, {.why = errnoText("epoll_ctl", errno)});
}

void Client::onConnected(Connection& c) {
  int error = 0;
  socklen_t length = sizeof error;
  if (getsockopt(c.fd_, SOL_SOCKET, SO_ERROR, &error, &length) < 0) error = errno;
  if (error != 0) {
    finish(c, {.why = errnoText("connect", error)});
    return;
  }
  std::array<uint8_t, 16> nonce;
  const uint64_t a = nextRandom(), b = nextRandom();
  std::memcpy(nonce.data(), &a, 8);
  std::memcpy(nonce.data() + 8, &b, 8);
  c.key_ = handshakeKey(nonce);
  c.state_ = Connection::State::kHandshaking;
  setWantWrite(c, false);
  write(c, formatHandshakeRequest({endpoint_.host, c.port_, endpoint_.path, endpoint_.protocol,
                                   endpoint_.origin}, c.key_));
}

void Client::sendBinary(Connection& c, std::string_view payload) {
  if (c.state_ == Connection::State::kOpen) sendFrame(c, kBinary, payload);
}

void Client::sendFrame(Connection& c, uint8_t opcode, std::string_view payload) {
  const uint64_t random = nextRandom();
  std::array<uint8_t, 4> mask;
  std::memcpy(mask.data(), &random, mask.size());
  frame_.clear();
  appendClientFrame(frame_, opcode, payload, mask);
  write(c, frame_);
}

void Client::write(Connection& c, std::string_view bytes) {
  if (c.want_write_) {  // earlier bytes still wait: these go after them
    c.out_.append(bytes);
    return;
  }
  const ssize_t n = ::send(c.fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  // An error other than a full socket shows again as EPOLLERR or EOF, and
  // the read that follows ends the connection: nothing to do here.
  const std::size_t sent = n > 0 ? static_cast<std::size_t>(n) : 0;
  if (sent == bytes.size() || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return;
  c.out_.assign(bytes.substr(sent));
  c.out_sent_ = 0;
  setWantWrite(c, true);
}

void Client::flush(Connection& c) {
  while (c.out_sent_ < c.out_.size()) {
    const ssize_t n = ::send(c.fd_, c.out_.data() + c.out_sent_, c.out_.size() - c.out_sent_, MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      break;  // as in write(): the error ends the connection on the next read
    }
    c.out_sent_ += static_cast<std::size_t>(n);
  }
  c.out_.clear();
  c.out_sent_ = 0;
  setWantWrite(c, false);
}

void Client::setWantWrite(Connection& c, bool on) {
  if (c.want_write_ == on) return;
  c.want_write_ = on;
  watch(c);
}

void Client::pauseReading(Connection& c, bool paused) {
  if (c.paused_ == paused) return;
  c.paused_ = paused;
  if (c.fd_ >= 0) watch(c);
}

void Client::watch(Connection& c) {
  epoll_event event{};
  event.events = (c.paused_ ? 0u : EPOLLIN) | (c.want_write_ ? EPOLLOUT : 0u);
  event.data.ptr = &c;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd_, &event);
}

void Client::close(Connection& c, uint16_t code) {
  switch (c.state_) {
    case Connection::State::kConnecting:
    case Connection::State::kHandshaking:
      finish(c, {.by_us = true, .why = "closed before it opened"});
      return;
    case Connection::State::kOpen:
      sendFrame(c, kClose, closePayload(code));
      c.state_ = Connection::State::kClosing;
      return;
    default:
      return;
  }
}

void Client::poll(int timeout_ms) {
  epoll_event events[kMaxEvents];
  const int n = epoll_wait(epoll_fd_, events, kMaxEvents, timeout_ms);
  for (int i = 0; i < n; ++i) {
    auto& c = *static_cast<Connection*>(events[i].data.ptr);
    const uint32_t ready = events[i].events;
    // Closed by an earlier event of this round (no connection reconnects
    // within a round, so the pointer is still this socket's).
    if (c.state_ == Connection::State::kIdle) continue;
    if (c.state_ == Connection::State::kConnecting) {
      if (ready & (EPOLLOUT | EPOLLERR | EPOLLHUP)) onConnected(c);
      continue;
    }
    if (ready & (EPOLLIN | EPOLLERR | EPOLLHUP)) onReadable(c);
    if ((ready & EPOLLOUT) && c.state_ != Connection::State::kIdle && c.want_write_) flush(c);
  }
}

void Client::onReadable(Connection& c) {
  const ssize_t n = ::recv(c.fd_, read_buffer_.get(), kReadBufferBytes, 0);
  if (n > 0) {
    onBytes(c, std::string_view(read_buffer_.get(), static_cast<std::size_t>(n)));
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  CloseInfo info;
  info.opened = c.state_ == Connection::State::kOpen || c.state_ == Connection::State::kClosing;
  info.by_us = c.state_ == Connection::State::kClosing;
  info.why = n == 0 ? (info.opened ? "connection closed" : "connection closed during the handshake")
                    : errnoText("recv", errno);
  finish(c, info);
}

void Client::onBytes(Connection& c, std::string_view bytes) {
  if (c.state_ == Connection::State::kHandshaking) {
    onHandshakeBytes(c, bytes);
    return;
  }
  Sink sink(*this, c);
  const FrameReader::Status status = c.reader_.read(bytes, sink);
  if (c.state_ == Connection::State::kIdle) return;  // the handler closed it
  switch (status) {
    case FrameReader::Status::kOk:
      return;
    case FrameReader::Status::kClosed:
      // After our own Close, the closing handshake is done: the server
      // closes the TCP connection, and the EOF ends this one.
      if (c.state_ == Connection::State::kClosing) return;
      // The server closes: answer with its code, then close the socket.
      sendFrame(c, kClose, sink.close_code ? closePayload(sink.close_code) : std::string());
      finish(c, {.opened = true, .code = sink.close_code, .why = "closed by the server: " + sink.close_reason});
      return;
    case FrameReader::Status::kProtocolError:
    case FrameReader::Status::kTooBig: {
      const uint16_t code = status == FrameReader::Status::kTooBig ? kCloseTooBig : kCloseProtocolError;
      if (c.state_ == Connection::State::kOpen) sendFrame(c, kClose, closePayload(code));
      finish(c, {.opened = true, .code = code, .protocol_error = true, .why = c.reader_.error()});
      return;
    }
  }
}

void Client::onHandshakeBytes(Connection& c, std::string_view bytes) {
  // The whole response usually comes in one read: check it where it is.
  if (!c.response_.empty()) {
    c.response_.append(bytes);
    bytes = c.response_;
  }
  const HandshakeResponse response = checkHandshakeResponse(bytes, c.key_, endpoint_.protocol);
  switch (response.status) {
    case HandshakeResponse::Status::kIncomplete:
      if (c.response_.empty()) c.response_.assign(bytes);
      return;
    case HandshakeResponse::Status::kRefused:
      finish(c, {.why = "handshake: " + response.error});
      return;
    case HandshakeResponse::Status::kAccepted:
      break;
  }
  // Frames that came with the response: keep them past the response's buffer.
  const std::string early(bytes.substr(response.header_bytes));
  std::string().swap(c.response_);
  std::string().swap(c.key_);
  c.state_ = Connection::State::kOpen;
  handler_.onOpen(c);
  if (!early.empty() && c.state_ == Connection::State::kOpen) onBytes(c, early);
}

void Client::finish(Connection& c, const CloseInfo& info) {
  ::close(c.fd_);  // also takes it out of the epoll set
  by_fd_[static_cast<std::size_t>(c.fd_)] = nullptr;
  c.fd_ = -1;
  c.state_ = Connection::State::kIdle;
  c.want_write_ = false;
  c.paused_ = false;
  std::string().swap(c.out_);
  std::string().swap(c.response_);
  std::string().swap(c.key_);
  c.out_sent_ = 0;
  c.reader_ = FrameReader();
  handler_.onClosed(c, info);
}

}  // namespace bench::ws
