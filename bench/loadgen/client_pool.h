#pragma once
// Every WebSocket connection of a run, on one libwebsockets client context
// served by one thread: no thread per connection, everything driven by lws
// callbacks. The pool speaks the hallcast.v1 protocol (Hello, JoinRoom,
// SendChat, React), feeds room events to the DeliveryLedger and counts
// everything else the hub says. It is not thread-safe: the run calls it
// from the thread that services it.

#include <libwebsockets.h>
#include <uv.h>

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hallcast/v1/realtime.pb.h"
#include "loadgen/delivery_ledger.h"
#include "loadgen/frame_scanner.h"
#include "loadgen/load_options.h"

namespace bench {

struct PoolCounts {
  uint32_t connecting = 0;        // handshakes in flight
  uint32_t established = 0;       // WebSocket open (ever)
  uint32_t joined = 0;            // Hello and JoinRoom acknowledged
  uint32_t connect_failures = 0;
  uint32_t unexpected_closes = 0;  // closed by the hub or the network before the end
  std::map<int, uint32_t> close_codes;  // of those, by close code (0: none given)
  uint64_t chats_sent = 0;
  uint64_t chats_accepted = 0;
  uint64_t chats_refused = 0;     // answered with an Error
  std::vector<uint64_t> chats_accepted_by_room;  // by index into options.rooms
  uint64_t reacts_sent = 0;
  uint64_t reacts_accepted = 0;
  uint64_t reaction_events = 0;   // Reactions events received
  uint64_t reaction_counts = 0;   // the reactions they summed
  uint64_t presence_events = 0;
  uint64_t frames = 0;
  uint64_t bad_frames = 0;        // not a ServerMessage
  uint64_t foreign_events = 0;    // room events of a room the connection is not in
  std::map<std::string, uint64_t> errors;  // ServerEvent.error by code name
  std::vector<std::string> first_errors;   // a few messages, for people
  uint64_t last_join_ns = 0;      // when the last connection was joined
  uint64_t last_established_ns = 0;
};

class ClientPool {
 public:
  ClientPool(const LoadOptions& options, DeliveryLedger& ledger);
  ~ClientPool();
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  // Starts connection `index` (0..connections-1); it says Hello and joins
  // its room as soon as it is open.
  void connect(uint32_t index);
  // One round of lws service: network events and timers.
  void service();

  // Queues a chat message from publisher `publisher` (its stamp is taken now).
  void publish(uint32_t publisher);
  // Queues a reaction from connection `index` (when it is joined).
  void react(uint32_t index);

  // Closes every open connection normally and waits (at most `timeout_ms`)
  // until they are closed.
  void closeAll(int timeout_ms);
  // Counts the events each joined receiver never got (see DeliveryLedger::settle).
  void settleDeliveries();

  const PoolCounts& counts() const { return counts_; }
  uint32_t publisherCount() const { return static_cast<uint32_t>(publishers_.size()); }
  // Whether every chat message sent so far has been answered and, when
  // accepted, has reached every joined member still open.
  bool allDelivered() const;
  // Joined members of each room (by index into options.rooms).
  std::vector<uint32_t> membersPerRoom() const;

  static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);

 private:
  struct Connection;
  class Decoder;

  // Sends `message` with a fresh request_id that carries `kind`.
  void send(Connection& c, int kind, hallcast::v1::ClientMessage& message);
  void onEstablished(Connection& c);
  void onReceive(Connection& c, const char* in, size_t len);
  void onOtherEvent(Connection& c, std::string_view server_event);
  int onWritable(Connection& c);
  void onClosed(Connection& c, bool failed, std::string_view why);

  const LoadOptions& options_;
  DeliveryLedger& ledger_;
  uv_loop_t loop_{};  // with options.use_libuv: lws runs on it
  lws_context* context_ = nullptr;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<uint32_t> publishers_;      // connection index of each publisher
  std::vector<uint64_t> publisher_seq_;   // last sequence each publisher sent
  std::vector<uint64_t> room_head_;       // highest accepted chat seq per room
  PoolCounts counts_;
  bool closing_all_ = false;
  struct Heartbeat {
    lws_sorted_usec_list_t sul;  // first member: the timer callback casts back
    lws_context* context;
  } heartbeat_{};
};

}  // namespace bench
