#include "loadgen/delivery_ledger.h"

#include "loadgen/chat_stamp.h"

namespace bench {

void DeliveryLedger::startReceiver(ReceiverState& receiver, uint64_t head_seq) const {
  receiver.last_room_seq = head_seq;
  receiver.last_publisher_seq.assign(publishers_, 0);
}

void DeliveryLedger::onRoomEvent(ReceiverState& receiver, uint64_t seq, bool is_chat,
                                 std::string_view chat_text, uint64_t now_ns) {
  if (ignore_every_ != 0 && ++seen_ % ignore_every_ == 0) return;
  if (seq <= receiver.last_room_seq) {
    ++counts_.duplicates;
    return;
  }
  counts_.gaps += seq - receiver.last_room_seq - 1;
  receiver.last_room_seq = seq;
  if (!is_chat) return;
  const auto stamp = parseChatStamp(chat_text);
  if (!stamp || stamp->publisher >= receiver.last_publisher_seq.size()) {
    ++counts_.unstamped;
    return;
  }
  uint64_t& last = receiver.last_publisher_seq[stamp->publisher];
  if (stamp->sequence <= last) {
    ++counts_.out_of_order;
  } else {
    last = stamp->sequence;
  }
  ++counts_.deliveries;
  if (window_open_) ++counts_.window_deliveries;
  latency_.record(now_ns > stamp->sent_ns ? now_ns - stamp->sent_ns : 0);
}

void DeliveryLedger::settle(const ReceiverState& receiver, uint64_t head_seq) {
  if (head_seq > receiver.last_room_seq) counts_.gaps += head_seq - receiver.last_room_seq;
}

}  // namespace bench
