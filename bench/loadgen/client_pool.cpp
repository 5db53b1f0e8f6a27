#include "loadgen/client_pool.h"

#include <algorithm>

#include "loadgen/chat_stamp.h"

namespace bench {
namespace {

namespace v1 = hallcast::v1;

// The request kind rides in the low bits of each request_id, so that an Ack
// or Error says what it answers without a table of pending requests.
enum RequestKind { kHello = 1, kJoin = 2, kChat = 3, kReact = 4, kPing = 5 };
constexpr int kKindBits = 3;

// service() waits at most this long for network events.
constexpr int kServiceTimeoutMs = 5;
constexpr std::size_t kKeptErrorMessages = 5;
// A slow consumer's socket receive buffer: a phone on a poor link, not a
// loopback socket that soaks up megabytes before the hub sees any backlog.
constexpr int kSlowReceiveBuffer = 16 * 1024;
constexpr const char* kReactionEmoji = "👏";

ws::Endpoint endpointOf(const LoadOptions& options) {
  ws::Endpoint endpoint;
  endpoint.host = options.host;
  endpoint.port = options.ports.at(0);
  endpoint.path = "/ws";
  endpoint.protocol = "hallcast.v1";
  // No Origin: the generator is not a browser (the hub refuses browsers'
  // pages from other origins).
  return endpoint;
}

}  // namespace

struct ClientPool::Connection {
  uint32_t index = 0;
  uint32_t room = 0;
  ws::Connection ws;
  enum class State : uint8_t { kNew, kConnecting, kOpen, kClosed } state = State::kNew;
  bool joined = false;   // a receiver: its room's events are counted
  bool slow = false;     // stops reading once joined (--slow-consumers)
  bool closing = false;  // closeAll asked it to close
  uint64_t next_request = 1;
  uint32_t unanswered = 0;  // chat messages sent, not yet accepted or refused
  uint64_t ping_sent_ns = 0;  // a Ping unanswered since then (0: none)
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
    : options_(options), ledger_(ledger), client_(endpointOf(options), *this) {
  const uint32_t total = options.connections + options.slow_consumers;
  connections_.reserve(total);
  for (uint32_t i = 0; i < total; ++i) {
    auto c = std::make_unique<Connection>();
    c->index = i;
    c->room = i % static_cast<uint32_t>(options.rooms.size());
    c->slow = i >= options.connections;
    c->ws.user = c.get();
    connections_.push_back(std::move(c));
  }
  // Publishers are the first connections: connection i is in room i % rooms,
  // so they spread evenly over the rooms.
  const uint32_t publishers = options.mode == Mode::kChat ? std::min(options.publishers, options.connections) : 0;
  for (uint32_t p = 0; p < publishers; ++p) publishers_.push_back(p);
  publisher_seq_.assign(publishers, 0);
  room_head_.assign(options.rooms.size(), 0);
  counts_.chats_accepted_by_room.assign(options.rooms.size(), 0);
}

ClientPool::~ClientPool() = default;

void ClientPool::connect(uint32_t index) {
  Connection& c = *connections_.at(index);
  c.state = Connection::State::kConnecting;
  ++counts_.connecting;
  client_.connect(c.ws, options_.ports[c.index % options_.ports.size()], c.slow ? kSlowReceiveBuffer : 0);
}

void ClientPool::service() { client_.poll(kServiceTimeoutMs); }

void ClientPool::send(Connection& c, int kind, v1::ClientMessage& message) {
  message.set_request_id((c.next_request++ << kKindBits) | static_cast<uint64_t>(kind));
  scratch_.clear();
  message.AppendToString(&scratch_);
  client_.sendBinary(c.ws, scratch_);
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
  ++c.unanswered;
}

uint32_t ClientPool::unanswered(uint32_t publisher) const {
  const Connection& c = *connections_[publishers_[publisher]];
  return c.joined && !c.closing ? c.unanswered : UINT32_MAX;
}

void ClientPool::pingNext() {
  // Bystanders: the connections that do not publish, in turn; one Ping
  // unanswered at a time each.
  const auto first = static_cast<uint32_t>(publishers_.size());
  const uint32_t bystanders = options_.connections > first ? options_.connections - first : 0;
  for (uint32_t tried = 0; tried < bystanders; ++tried) {
    Connection& c = *connections_[first + (next_pinger_++ % bystanders)];
    if (!c.joined || c.closing || c.ping_sent_ns != 0) continue;
    v1::ClientMessage message;
    message.mutable_ping();
    c.ping_sent_ns = steadyNowNs();
    send(c, kPing, message);
    ++counts_.pings_sent;
    return;
  }
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

void ClientPool::onOpen(ws::Connection& wc) {
  Connection& c = *static_cast<Connection*>(wc.user);
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

void ClientPool::onMessage(ws::Connection& wc, std::string_view payload) {
  Connection& c = *static_cast<Connection*>(wc.user);
  if (c.slow && c.joined) return;  // what it reads at the end is stale
  ++counts_.frames;
  Decoder decoder(*this, c, steadyNowNs());
  if (!scanServerMessage(payload, decoder)) ++counts_.bad_frames;
}

void ClientPool::onOtherEvent(Connection& c, std::string_view bytes) {
  v1::ServerEvent event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    ++counts_.bad_frames;
    return;
  }
  if (event.has_ack()) {
    const v1::Ack& ack = event.ack();
    if (ack.has_joined() && c.slow) {
      // Joined, and reads no more: the hub's sends back up.
      c.joined = true;
      ++counts_.slow_joined;
      ++counts_.joined;
      counts_.last_join_ns = steadyNowNs();
      client_.pauseReading(c.ws, true);
    } else if (ack.has_joined()) {
      c.joined = true;
      ledger_.startReceiver(c.receiver, ack.joined().head_seq());
      room_head_[c.room] = std::max(room_head_[c.room], ack.joined().head_seq());
      ++counts_.joined;
      counts_.last_join_ns = steadyNowNs();
    } else if (ack.has_chat_accepted()) {
      if (c.unanswered > 0) --c.unanswered;
      ++counts_.chats_accepted;
      ++counts_.chats_accepted_by_room[c.room];
      room_head_[c.room] = std::max(room_head_[c.room], ack.chat_accepted().seq());
    } else if (ack.has_reacted()) {
      ++counts_.reacts_accepted;
    } else if (ack.has_pong() && c.ping_sent_ns != 0) {
      ping_latency_.record(steadyNowNs() - c.ping_sent_ns);
      c.ping_sent_ns = 0;
      ++counts_.pings_answered;
    }
  } else if (event.has_error()) {
    const v1::Error& error = event.error();
    ++counts_.errors[v1::ErrorCode_Name(error.code())];
    const uint64_t kind = error.request_id() & ((1u << kKindBits) - 1);
    if (kind == kChat) {
      ++counts_.chats_refused;
      if (c.unanswered > 0) --c.unanswered;
    }
    static const char* const kKinds[] = {"?", "hello", "join", "chat", "react", "ping"};
    noteError(std::string(kind < 6 ? kKinds[kind] : "?") + ": " + v1::ErrorCode_Name(error.code()) + ": " +
              error.message());
  } else if (event.has_reactions()) {
    ++counts_.reaction_events;
    for (const auto& count : event.reactions().counts()) counts_.reaction_counts += count.count();
  } else if (event.has_presence()) {
    ++counts_.presence_events;
  }
}

void ClientPool::noteError(std::string message) {
  if (counts_.first_errors.size() < kKeptErrorMessages) counts_.first_errors.push_back(std::move(message));
}

void ClientPool::onClosed(ws::Connection& wc, const ws::CloseInfo& info) {
  Connection& c = *static_cast<Connection*>(wc.user);
  if (c.state == Connection::State::kConnecting) --counts_.connecting;
  c.state = Connection::State::kClosed;
  if (c.slow && c.joined && !c.closing) {
    ++counts_.slow_closed;
    ++counts_.slow_close_codes[info.code];
    if (counts_.slow_close_reason.empty()) counts_.slow_close_reason = info.why;
    return;
  }
  if (c.closing) return;  // the end of the run
  if (!info.opened) {
    ++counts_.connect_failures;
    noteError("connect: " + info.why);
    return;
  }
  ++counts_.unexpected_closes;
  ++counts_.close_codes[info.code];
  if (info.protocol_error) {
    ++counts_.protocol_errors;
    noteError("protocol error: " + info.why);
  }
}

void ClientPool::awaitSlowConsumersClosed(int timeout_ms) {
  for (auto& c : connections_) {
    if (c->slow) client_.pauseReading(c->ws, false);
  }
  const uint64_t deadline = steadyNowNs() + static_cast<uint64_t>(timeout_ms) * 1000000;
  const auto open = [this] {
    return std::any_of(connections_.begin(), connections_.end(),
                       [](const auto& c) { return c->slow && c->state == Connection::State::kOpen; });
  };
  while (open() && steadyNowNs() < deadline) service();
}

void ClientPool::closeAll(int timeout_ms) {
  for (auto& c : connections_) {
    c->closing = true;
    client_.close(c->ws, ws::kCloseNormal);
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
    if (c->joined && !c->slow) ledger_.settle(c->receiver, room_head_[c->room]);
  }
}

bool ClientPool::allDelivered() const {
  if (counts_.chats_accepted + counts_.chats_refused < counts_.chats_sent) return false;
  return std::all_of(connections_.begin(), connections_.end(), [this](const auto& c) {
    return !c->joined || c->slow || c->state != Connection::State::kOpen || c->receiver.last_room_seq >= room_head_[c->room];
  });
}

std::vector<uint32_t> ClientPool::membersPerRoom() const {
  std::vector<uint32_t> members(options_.rooms.size(), 0);
  for (const auto& c : connections_) {
    if (c->joined && !c->slow) ++members[c->room];
  }
  return members;
}

}  // namespace bench
