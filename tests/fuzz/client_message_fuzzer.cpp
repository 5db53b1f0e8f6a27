// Fuzzes the real-time core as the WebSocket transport drives it: a
// conversation of binary (and text) messages from five clients — two
// attendees, a moderator, an admin and a newcomer who has not said Hello —
// decoded and dispatched by a Hub over the real SQLite store. Each input
// starts from an empty store, so a crash replays from its input alone.
//
// The input is a list of records: one byte choosing the client (low bits)
// and the frame type (bit 7: text), two bytes of length (little-endian),
// then the message. On every message it checks the protocol's promises:
// the hub does not crash, a request it could read gets an Ack or an Error
// with its request_id (one it could not read, an Error with id 0) unless
// the hub closed that client, and everything the hub sends parses as a
// ServerMessage.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "auth/access_token.h"
#include "fuzz_event.h"
#include "hallcast/v1/realtime.pb.h"
#include "metrics/metrics.h"
#include "realtime/codec.h"
#include "realtime/connection.h"
#include "realtime/hub.h"
#include "store/sqlite_db.h"
#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"

namespace hallcast::fuzz {
namespace {

constexpr std::size_t kClients = 5;

// The transport as the hub sees it: the fuzzer reads the queue itself, and
// a close is remembered until the "socket" is gone (disconnect).
struct FuzzConnection final : Connection {
  void wantWrite() override {}
  void close(uint16_t, const std::string&) override { closed = true; }
  bool closed = false;
};

// The store, opened once; each input empties it.
struct Store {
  SqliteDb db{scratchDir(), SyncMode::kNormal};
  SqliteEventLog log{db};
  SqliteVoteStore votes{db};
  void clear() { db.exec("DELETE FROM room_events; DELETE FROM votes;"); }
};

std::string staffToken(v1::Role role, const char* name) {
  AccessClaims claims;
  claims.role = role;
  claims.name = name;
  claims.subject = std::string("staff-") + name;
  claims.expires = std::chrono::system_clock::now() + std::chrono::hours(24 * 365);
  return mintAccessToken(kSecret, claims);
}

// What a client says first, by its seat: nothing for the newcomer.
v1::ClientMessage greeting(std::size_t seat) {
  static const std::string moderator = staffToken(v1::ROLE_MODERATOR, "Mo");
  static const std::string admin = staffToken(v1::ROLE_ADMIN, "Ad");
  v1::ClientMessage hello;
  hello.set_request_id(1);
  if (seat == 0) hello.mutable_hello()->set_display_name("Ada");
  if (seat == 1) hello.mutable_hello()->set_display_name("Bo");
  if (seat == 2) hello.mutable_hello()->set_token(moderator);
  if (seat == 3) hello.mutable_hello()->set_token(admin);
  return hello;
}

class Conversation {
 public:
  explicit Conversation(Store& store) : hub_(fuzzEvent(), store.log, store.votes, metrics_) {
    hub_.restore();
    for (std::size_t seat = 0; seat < kClients; ++seat) seatUp(seat);
  }
  ~Conversation() {
    for (Seat& seat : seats_) hub_.disconnect(*seat.session);
  }

  void receive(std::size_t seat_index, bool text, std::string_view bytes) {
    Seat& seat = seats_[seat_index];
    if (text) {
      hub_.onTextMessage(*seat.session);
    } else {
      hub_.onBinaryMessage(*seat.session, bytes);
    }
    hub_.tick(std::chrono::steady_clock::now());
    const std::optional<uint64_t> expected = text ? 0 : requestIdOf(bytes);
    for (std::size_t i = 0; i < kClients; ++i) {
      const bool answered = drain(seats_[i], i == seat_index ? expected : std::nullopt);
      if (i == seat_index && !answered && !seat.connection->closed) {
        broken("request " + std::to_string(*expected) + " of client " + std::to_string(i) + " got no answer");
      }
    }
    // The transport notices a closed socket and lets the hub forget it; the
    // seat is taken again by a new connection.
    for (std::size_t i = 0; i < kClients; ++i) {
      if (seats_[i].connection->closed) {
        hub_.disconnect(*seats_[i].session);
        seatUp(i);
      }
    }
  }

 private:
  struct Seat {
    std::unique_ptr<FuzzConnection> connection;
    Session* session = nullptr;
  };

  void seatUp(std::size_t index) {
    Seat& seat = seats_[index];
    seat.connection = std::make_unique<FuzzConnection>();
    seat.session = &hub_.connect(*seat.connection);
    if (index == kClients - 1) return;  // the newcomer
    hub_.onBinaryMessage(*seat.session, greeting(index).SerializeAsString());
    v1::ClientMessage join;
    join.set_request_id(2);
    join.mutable_join_room()->set_room_id("main-forum");
    hub_.onBinaryMessage(*seat.session, join.SerializeAsString());
    drain(seat, std::nullopt);
  }

  // The request id the hub must answer: the message's own, or 0 when it is
  // not a ClientMessage at all.
  static uint64_t requestIdOf(std::string_view bytes) {
    auto decoded = decodeClientMessage(bytes);
    if (auto* failure = std::get_if<DecodeFailure>(&decoded)) return failure->request_id;
    return std::get<v1::ClientMessage>(decoded).request_id();
  }

  // Takes everything queued for the seat; whether it answered `request_id`.
  bool drain(Seat& seat, std::optional<uint64_t> request_id) {
    bool answered = false;
    std::string out;
    while (hub_.takeOutgoing(*seat.session, out)) {
      v1::ServerMessage message;
      if (!message.ParseFromString(out)) broken("the hub sent bytes that are not a ServerMessage");
      if (message.events_size() == 0) broken("the hub sent an empty ServerMessage");
      for (const v1::ServerEvent& event : message.events()) {
        if (!request_id) continue;
        if ((event.has_ack() && event.ack().request_id() == *request_id) ||
            (event.has_error() && event.error().request_id() == *request_id)) {
          answered = true;
        }
        if (event.has_error() && event.error().code() == v1::ERROR_CODE_UNSPECIFIED) {
          broken("an Error without a code: " + event.error().message());
        }
      }
      out.clear();
    }
    return answered;
  }

  Metrics metrics_;
  Hub hub_;
  Seat seats_[kClients];
};

}  // namespace
}  // namespace hallcast::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace hallcast::fuzz;
  static Store store;
  store.clear();
  Conversation conversation(store);
  const std::size_t max_frame = fuzzEvent().limits.max_frame_bytes;
  while (size >= 3) {
    const std::size_t seat = data[0] % kClients;
    const bool text = data[0] & 0x80;
    std::size_t length = data[1] | (std::size_t(data[2]) << 8);
    data += 3;
    size -= 3;
    if (length > size) length = size;
    // Larger frames never reach the hub: the transport closes them (1009).
    if (length <= max_frame) {
      conversation.receive(seat, text, std::string_view(reinterpret_cast<const char*>(data), length));
    }
    data += length;
    size -= length;
  }
  return 0;
}
