#include "loadgen/client_pool.h"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "loadgen/chat_stamp.h"

namespace bench {
namespace {

namespace v1 = hallcast::v1;

// The request kind rides in the low bits of each request_id, so that an Ack
// or Error says what it answers without a table of pending requests.
enum RequestKind { kHello = 1, kJoin = 2, kChat = 3, kReact = 4 };
constexpr int kKindBits = 3;

// lws reads a large hub frame in pieces of this size into a per-connection
// buffer: 10,000 connections × 8 KiB stays at 80 MB.
constexpr size_t kRxBufferBytes = 8 * 1024;
// lws_service returns at least this often, so that the run's clock-driven
// work (connects, publishing) happens on time without network traffic.
constexpr lws_usec_t kHeartbeatUs = 5 * LWS_US_PER_MS;
constexpr std::size_t kKeptErrorMessages = 5;
constexpr const char* kReactionEmoji = "👏";
// lws's keep-alive ("validity") off (hangup 0): it re-arms a timer per
// connection in one sorted list, walking past every connection's timer each
// time — quadratic when thousands connect (as in the hub, ws_server.cpp).
const lws_retry_bo_t kNoValidityPolicy = {nullptr, 0, 0, 0, 0, 0};

const lws_protocols kProtocols[] = {
    {"hallcast-loadgen", ClientPool::callback, 0, kRxBufferBytes, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},
};

}  // namespace

struct ClientPool::Connection {
  uint32_t index = 0;
  uint32_t room = 0;
  lws* wsi = nullptr;
  enum class State : uint8_t { kNew, kConnecting, kOpen, kClosed } state = State::kNew;
  bool joined = false;
  bool closing = false;  // closeAll asked it to close
  int close_code = 0;
  uint64_t next_request = 1;
  std::deque<std::string> outgoing;  // LWS_PRE bytes of headroom, then the message
  std::string rx;
  ReceiverState receiver;
};

// Hands the scanned events of one connection's frame to the pool.
class ClientPool::Decoder final : public FrameSink {
 public:
  Decoder(ClientPool& pool, Connection& c, uint64_t now_ns) : pool_(pool), c_(c), now_ns_(now_ns) {}

  void onRoomEvent(const RoomEventView& event) override {
    if (!c_.joined || event.room_id != pool_.options_.rooms[c_.room]) {
      ++pool_.counts_.foreign_events;
      return;
    }
    pool_.ledger_.onRoomEvent(c_.receiver, event.seq, event.has_chat, event.chat_text, now_ns_);
  }
  void onOtherEvent(std::string_view server_event) override { pool_.onOtherEvent(c_, server_event); }

 private:
  ClientPool& pool_;
  Connection& c_;
  uint64_t now_ns_;
};

ClientPool::ClientPool(const LoadOptions& options, DeliveryLedger& ledger)
    : options_(options), ledger_(ledger) {
  lws_set_log_level(LLL_ERR, nullptr);
  lws_context_creation_info info{};  // a client only: no listening vhost
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = kProtocols;
  info.user = this;
  void* foreign_loops[] = {&loop_};
  if (options.use_libuv) {
    uv_loop_init(&loop_);
    info.options |= LWS_SERVER_OPTION_LIBUV;
    info.foreign_loops = foreign_loops;
  }
  context_ = lws_create_context(&info);
  if (!context_) throw std::runtime_error("lws_create_context failed");

  connections_.reserve(options.connections);
  for (uint32_t i = 0; i < options.connections; ++i) {
    auto c = std::make_unique<Connection>();
    c->index = i;
    c->room = i % static_cast<uint32_t>(options.rooms.size());
    connections_.push_back(std::move(c));
  }
  // Publishers are the first connections: connection i is in room i % rooms,
  // so they spread evenly over the rooms.
  const uint32_t publishers = options.mode == Mode::kChat ? std::min(options.publishers, options.connections) : 0;
  for (uint32_t p = 0; p < publishers; ++p) publishers_.push_back(p);
  publisher_seq_.assign(publishers, 0);
  room_head_.assign(options.rooms.size(), 0);
  counts_.chats_accepted_by_room.assign(options.rooms.size(), 0);

  heartbeat_.context = context_;
  lws_sul_schedule(context_, 0, &heartbeat_.sul, [](lws_sorted_usec_list_t* sul) {
    lws_sul_schedule(reinterpret_cast<Heartbeat*>(sul)->context, 0, sul, sul->cb, kHeartbeatUs);
  }, kHeartbeatUs);
}

ClientPool::~ClientPool() {
  lws_context_destroy(context_);
  if (options_.use_libuv) {
    // lws closes its handles on the loop, which must run for them to close.
    uv_run(&loop_, UV_RUN_DEFAULT);
    uv_loop_close(&loop_);
  }
}

void ClientPool::connect(uint32_t index) {
  Connection& c = *connections_.at(index);
  lws_client_connect_info ci;
  std::memset(&ci, 0, sizeof ci);
  ci.context = context_;
  ci.address = options_.host.c_str();
  ci.port = options_.port;
  ci.path = "/ws";
  ci.host = options_.host.c_str();
  ci.origin = options_.host.c_str();
  ci.protocol = "hallcast.v1";
  ci.local_protocol_name = kProtocols[0].name;
  ci.userdata = &c;
  ci.pwsi = &c.wsi;
  ci.retry_and_idle_policy = &kNoValidityPolicy;
  c.state = Connection::State::kConnecting;
  ++counts_.connecting;
  if (!lws_client_connect_via_info(&ci)) onClosed(c, true, "connect failed at once");
}

void ClientPool::service() {
  if (options_.use_libuv) {
    uv_run(&loop_, UV_RUN_ONCE);  // returns at the latest at the next heartbeat
  } else {
    lws_service(context_, 0);
  }
}

void ClientPool::send(Connection& c, int kind, v1::ClientMessage& message) {
  message.set_request_id((c.next_request++ << kKindBits) | static_cast<uint64_t>(kind));
  std::string frame(LWS_PRE, '\0');
  message.AppendToString(&frame);
  c.outgoing.push_back(std::move(frame));
  if (c.state == Connection::State::kOpen) lws_callback_on_writable(c.wsi);
}

void ClientPool::publish(uint32_t publisher) {
  Connection& c = *connections_[publishers_[publisher]];
  if (!c.joined || c.closing) return;
  v1::ClientMessage message;
  message.mutable_send_chat()->set_room_id(options_.rooms[c.room]);
  message.mutable_send_chat()->set_text(
      formatChatStamp({publisher, ++publisher_seq_[publisher], steadyNowNs()}, options_.message_chars));
  send(c, kChat, message);
  ++counts_.chats_sent;
}

void ClientPool::react(uint32_t index) {
  Connection& c = *connections_[index];
  if (!c.joined || c.closing) return;
  v1::ClientMessage message;
  message.mutable_react()->set_room_id(options_.rooms[c.room]);
  message.mutable_react()->set_emoji(kReactionEmoji);
  send(c, kReact, message);
  ++counts_.reacts_sent;
}

void ClientPool::onEstablished(Connection& c) {
  c.state = Connection::State::kOpen;
  --counts_.connecting;
  ++counts_.established;
  counts_.last_established_ns = steadyNowNs();
  v1::ClientMessage hello;
  hello.mutable_hello()->set_display_name("bench " + std::to_string(c.index));
  send(c, kHello, hello);
  v1::ClientMessage join;
  join.mutable_join_room()->set_room_id(options_.rooms[c.room]);
  send(c, kJoin, join);
}

void ClientPool::onReceive(Connection& c, const char* in, size_t len) {
  c.rx.append(in, len);
  if (!lws_is_final_fragment(c.wsi)) return;
  ++counts_.frames;
  Decoder decoder(*this, c, steadyNowNs());
  if (!scanServerMessage(c.rx, decoder)) ++counts_.bad_frames;
  c.rx.clear();
}

void ClientPool::onOtherEvent(Connection& c, std::string_view bytes) {
  v1::ServerEvent event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    ++counts_.bad_frames;
    return;
  }
  if (event.has_ack()) {
    const v1::Ack& ack = event.ack();
    if (ack.has_joined()) {
      c.joined = true;
      ledger_.startReceiver(c.receiver, ack.joined().head_seq());
      room_head_[c.room] = std::max(room_head_[c.room], ack.joined().head_seq());
      ++counts_.joined;
      counts_.last_join_ns = steadyNowNs();
    } else if (ack.has_chat_accepted()) {
      ++counts_.chats_accepted;
      ++counts_.chats_accepted_by_room[c.room];
      room_head_[c.room] = std::max(room_head_[c.room], ack.chat_accepted().seq());
    } else if (ack.has_reacted()) {
      ++counts_.reacts_accepted;
    }
  } else if (event.has_error()) {
    const v1::Error& error = event.error();
    ++counts_.errors[v1::ErrorCode_Name(error.code())];
    const uint64_t kind = error.request_id() & ((1u << kKindBits) - 1);
    if (kind == kChat) ++counts_.chats_refused;
    if (counts_.first_errors.size() < kKeptErrorMessages) {
      static const char* const kKinds[] = {"?", "hello", "join", "chat", "react"};
      counts_.first_errors.push_back(std::string(kind < 5 ? kKinds[kind] : "?") + ": " +
                                     v1::ErrorCode_Name(error.code()) + ": " + error.message());
    }
  } else if (event.has_reactions()) {
    ++counts_.reaction_events;
    for (const auto& count : event.reactions().counts()) counts_.reaction_counts += count.count();
  } else if (event.has_presence()) {
    ++counts_.presence_events;
  }
}

int ClientPool::onWritable(Connection& c) {
  if (c.closing) {
    lws_close_reason(c.wsi, LWS_CLOSE_STATUS_NORMAL, nullptr, 0);
    return -1;
  }
  // Everything queued (Hello and Join go together), one frame per write,
  // while the socket takes whole writes: each writable round trip costs two
  // epoll_ctl calls.
  while (!c.outgoing.empty() && !lws_partial_buffered(c.wsi)) {
    std::string& frame = c.outgoing.front();
    const std::size_t n = frame.size() - LWS_PRE;
    if (lws_write(c.wsi, reinterpret_cast<unsigned char*>(frame.data()) + LWS_PRE, n, LWS_WRITE_BINARY) <
        static_cast<int>(n)) {
      return -1;
    }
    c.outgoing.pop_front();
  }
  if (!c.outgoing.empty()) lws_callback_on_writable(c.wsi);
  return 0;
}

void ClientPool::onClosed(Connection& c, bool failed, std::string_view why) {
  if (c.state == Connection::State::kClosed) return;
  if (c.state == Connection::State::kConnecting) --counts_.connecting;
  if (failed) {
    ++counts_.connect_failures;
    if (counts_.first_errors.size() < kKeptErrorMessages) {
      counts_.first_errors.push_back("connect: " + std::string(why));
    }
  } else if (!c.closing) {
    ++counts_.unexpected_closes;
    ++counts_.close_codes[c.close_code];
  }
  c.state = Connection::State::kClosed;
  c.wsi = nullptr;
  c.outgoing.clear();
}

void ClientPool::closeAll(int timeout_ms) {
  closing_all_ = true;
  for (auto& c : connections_) {
    c->closing = true;
    if (c->state == Connection::State::kOpen) lws_callback_on_writable(c->wsi);
  }
  const uint64_t deadline = steadyNowNs() + static_cast<uint64_t>(timeout_ms) * 1000000;
  const auto open = [this] {
    return std::any_of(connections_.begin(), connections_.end(), [](const auto& c) {
      return c->state == Connection::State::kOpen || c->state == Connection::State::kConnecting;
    });
  };
  while (open() && steadyNowNs() < deadline) service();
}

void ClientPool::settleDeliveries() {
  for (const auto& c : connections_) {
    if (c->joined) ledger_.settle(c->receiver, room_head_[c->room]);
  }
}

bool ClientPool::allDelivered() const {
  if (counts_.chats_accepted + counts_.chats_refused < counts_.chats_sent) return false;
  return std::all_of(connections_.begin(), connections_.end(), [this](const auto& c) {
    return !c->joined || c->state != Connection::State::kOpen || c->receiver.last_room_seq >= room_head_[c->room];
  });
}

std::vector<uint32_t> ClientPool::membersPerRoom() const {
  std::vector<uint32_t> members(options_.rooms.size(), 0);
  for (const auto& c : connections_) {
    if (c->joined) ++members[c->room];
  }
  return members;
}

int ClientPool::callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
  auto* c = static_cast<Connection*>(user);
  auto* pool = static_cast<ClientPool*>(lws_context_user(lws_get_context(wsi)));
  if (!c || !pool) return 0;
  switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
      pool->onEstablished(*c);
      return 0;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
      pool->onClosed(*c, true, in ? std::string_view(static_cast<const char*>(in), len) : "connection error");
      return 0;
    case LWS_CALLBACK_CLIENT_RECEIVE:
      pool->onReceive(*c, static_cast<const char*>(in), len);
      return 0;
    case LWS_CALLBACK_CLIENT_WRITEABLE:
      return pool->onWritable(*c);
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
      const auto* p = static_cast<const unsigned char*>(in);
      if (len >= 2) c->close_code = (p[0] << 8) | p[1];
      return 0;
    }
    case LWS_CALLBACK_CLIENT_CLOSED:
      pool->onClosed(*c, false, "closed");
      return 0;
    default:
      return 0;
  }
}

}  // namespace bench
