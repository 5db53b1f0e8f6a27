#pragma once
// Checks and counts chat deliveries. Each receiver must see its room's events
// with seq one after the other (the hub's promise: no gap, no repeat) and
// each publisher's messages in the order they were sent; every delivery's
// latency goes into the histogram.

#include <cstdint>
#include <string_view>
#include <vector>

#include "loadgen/latency_histogram.h"

namespace bench {

// What one connection has seen of its room.
struct ReceiverState {
  uint64_t last_room_seq = 0;             // Joined.head_seq, then each event's
  std::vector<uint64_t> last_publisher_seq;  // by global publisher index
};

struct DeliveryCounts {
  uint64_t deliveries = 0;          // chat events with our stamp, first time seen
  uint64_t window_deliveries = 0;   // of those, received during the publish window
  uint64_t duplicates = 0;          // a room seq seen again (or going back)
  uint64_t gaps = 0;                // room seqs skipped over: events never received
  uint64_t out_of_order = 0;        // a publisher's sequence going back
  uint64_t unstamped = 0;           // chat events without a stamp of ours
};

class DeliveryLedger {
 public:
  // `ignore_every` > 0 pretends every Nth delivery never arrived: a test of
  // the check itself, never for measuring.
  DeliveryLedger(uint32_t publishers, uint32_t ignore_every)
      : publishers_(publishers), ignore_every_(ignore_every) {}

  void startReceiver(ReceiverState& receiver, uint64_t head_seq) const;
  // A room event (chat or not) for `receiver`; `chat_text` empty unless chat.
  void onRoomEvent(ReceiverState& receiver, uint64_t seq, bool is_chat, std::string_view chat_text,
                   uint64_t now_ns);
  // Events the room published (up to `head_seq`) that `receiver` never saw
  // after its last one: counted as gaps at the end of a run.
  void settle(const ReceiverState& receiver, uint64_t head_seq);

  void setWindowOpen(bool open) { window_open_ = open; }
  const DeliveryCounts& counts() const { return counts_; }
  const LatencyHistogram& latency() const { return latency_; }

 private:
  uint32_t publishers_;
  uint32_t ignore_every_;
  uint64_t seen_ = 0;
  bool window_open_ = false;
  DeliveryCounts counts_;
  LatencyHistogram latency_;
};

}  // namespace bench
