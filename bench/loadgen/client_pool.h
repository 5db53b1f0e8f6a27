#pragma once
// Every WebSocket connection of a run, on one epoll WebSocket client
// (ws_client.h) served by one thread: no thread per connection, everything
// driven by its events. The pool speaks the hallcast.v1 protocol (Hello, JoinRoom,
// SendChat, React), feeds room events to the DeliveryLedger and counts
// everything else the hub says. It is not thread-safe: the run calls it
// from the thread that services it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hallcast/v1/realtime.pb.h"
#include "loadgen/delivery_ledger.h"
#include "loadgen/latency_histogram.h"
#include "loadgen/frame_scanner.h"
#include "loadgen/load_options.h"
#include "loadgen/ws_client.h"

namespace bench {

struct PoolCounts {
  uint32_t connecting = 0;        // handshakes in flight
  uint32_t established = 0;       // WebSocket open (ever)
  uint32_t joined = 0;            // Hello and JoinRoom acknowledged
  uint32_t connect_failures = 0;
  uint32_t unexpected_closes = 0;  // closed by the hub or the network before the end
  std::map<int, uint32_t> close_codes;  // of those, by close code (0: none given; 1002,
                                        // 1009: the generator's, for a protocol error)
  uint32_t protocol_errors = 0;   // the hub broke RFC 6455: closed with 1002 (or 1009)
  uint64_t chats_sent = 0;
  uint64_t chats_accepted = 0;
  uint64_t chats_refused = 0;     // answered with an Error
  std::vector<uint64_t> chats_accepted_by_room;  // by index into options.rooms
  uint64_t pings_sent = 0;        // --ping-interval-ms
  uint64_t pings_answered = 0;
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
  // --slow-consumers: joined (then stopped reading), and closed by the hub
  // (seen once they read again at the end), by close code, with a reason.
  uint32_t slow_joined = 0;
  uint32_t slow_closed = 0;
  std::map<int, uint32_t> slow_close_codes;
  std::string slow_close_reason;
  uint64_t last_established_ns = 0;
};

class ClientPool final : private ws::Handler {
 public:
  ClientPool(const LoadOptions& options, DeliveryLedger& ledger);
  ~ClientPool();
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  // Starts connection `index` (0..connections + slow_consumers - 1); it
  // says Hello and joins its room as soon as it is open. The last
  // slow_consumers stop reading once they joined.
  void connect(uint32_t index);
  // One round of network events; returns within 5 ms without any, so that
  // the run's clock-driven work (connects, publishing) happens on time.
  void service();

  // Queues a chat message from publisher `publisher` (its stamp is taken now).
  void publish(uint32_t publisher);
  // A Ping from the next bystander (a connection that does not publish)
  // with none unanswered; its round trip goes to pingLatency().
  void pingNext();
  const LatencyHistogram& pingLatency() const { return ping_latency_; }
  // Publisher `publisher`'s chat messages not yet answered (UINT32_MAX when
  // it cannot publish).
  uint32_t unanswered(uint32_t publisher) const;
  // Queues a reaction from connection `index` (when it is joined).
  void react(uint32_t index);

  // The slow consumers read again; waits (at most `timeout_ms`) until the
  // hub has closed each (what they had not read is dropped unread).
  void awaitSlowConsumersClosed(int timeout_ms);
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

 private:
  struct Connection;
  class Decoder;

  // Sends `message` with a fresh request_id that carries `kind`.
  void send(Connection& c, int kind, hallcast::v1::ClientMessage& message);
  void onOtherEvent(Connection& c, std::string_view server_event);
  void noteError(std::string message);
  // ws::Handler
  void onOpen(ws::Connection& wc) override;
  void onMessage(ws::Connection& wc, std::string_view payload) override;
  void onClosed(ws::Connection& wc, const ws::CloseInfo& info) override;

  const LoadOptions& options_;
  DeliveryLedger& ledger_;
  ws::Client client_;
  std::string scratch_;  // one encoded ClientMessage
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<uint32_t> publishers_;      // connection index of each publisher
  std::vector<uint64_t> publisher_seq_;   // last sequence each publisher sent
  std::vector<uint64_t> room_head_;       // highest accepted chat seq per room
  PoolCounts counts_;
  LatencyHistogram ping_latency_;
  uint32_t next_pinger_ = 0;
};

}  // namespace bench
