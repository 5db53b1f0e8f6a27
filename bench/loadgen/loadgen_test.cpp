// The load generator's own logic: if these are wrong, every number it
// reports is wrong.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hallcast/v1/realtime.pb.h"
#include "loadgen/chat_stamp.h"
#include "loadgen/delivery_ledger.h"
#include "loadgen/frame_scanner.h"
#include "loadgen/latency_histogram.h"

namespace bench {
namespace {

namespace v1 = hallcast::v1;

TEST(LatencyHistogram, PercentilesWithinItsPrecision) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.record(v * 1000);  // 1 µs .. 100 ms
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_EQ(h.max(), 100000000u);
  const auto near = [](uint64_t got, double want) { return got >= want && got <= want * 1.016 + 1; };
  EXPECT_TRUE(near(h.percentile(0.5), 50e6)) << h.percentile(0.5);
  EXPECT_TRUE(near(h.percentile(0.99), 99e6)) << h.percentile(0.99);
  EXPECT_TRUE(near(h.percentile(0.999), 99.9e6)) << h.percentile(0.999);
  EXPECT_EQ(h.percentile(1.0), 100000000u);
}

TEST(LatencyHistogram, SmallValuesExactAndEmptyIsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  for (uint64_t v : {3, 5, 7, 9}) h.record(v);
  EXPECT_EQ(h.percentile(0.5), 5u);
  EXPECT_EQ(h.percentile(1.0), 9u);
}

TEST(ChatStamp, RoundTripsAndRefusesOthers) {
  const std::string text = formatChatStamp({7, 42, 123456789}, 40);
  EXPECT_GE(text.size(), 40u);
  const auto stamp = parseChatStamp(text);
  ASSERT_TRUE(stamp);
  EXPECT_EQ(stamp->publisher, 7u);
  EXPECT_EQ(stamp->sequence, 42u);
  EXPECT_EQ(stamp->sent_ns, 123456789u);
  EXPECT_FALSE(parseChatStamp("hello"));
  EXPECT_FALSE(parseChatStamp("hb 1 2"));
}

// Records what the scanner reports.
struct Recorder final : FrameSink {
  std::vector<RoomEventView> room_events;
  std::vector<v1::ServerEvent> others;
  void onRoomEvent(const RoomEventView& e) override { room_events.push_back(e); }
  void onOtherEvent(std::string_view bytes) override {
    others.emplace_back().ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  }
};

std::string chatFrame(uint64_t seq, const std::string& text) {
  v1::ServerMessage m;
  v1::RoomEvent* e = m.add_events()->mutable_room_event();
  e->set_room_id("hall");
  e->set_seq(seq);
  e->mutable_time()->set_seconds(1);
  e->mutable_chat()->mutable_author()->set_display_name("someone");
  e->mutable_chat()->set_text(text);
  return m.SerializeAsString();
}

TEST(FrameScanner, ReadsBatchedMessagesLikeTheGeneratedParser) {
  // The hub batches by concatenating encoded ServerMessages.
  v1::ServerMessage ack;
  ack.add_events()->mutable_ack()->mutable_chat_accepted()->set_seq(2);
  const std::string frame = chatFrame(1, "first") + ack.SerializeAsString() + chatFrame(2, "second");
  Recorder r;
  ASSERT_TRUE(scanServerMessage(frame, r));
  ASSERT_EQ(r.room_events.size(), 2u);
  EXPECT_EQ(r.room_events[0].room_id, "hall");
  EXPECT_EQ(r.room_events[0].seq, 1u);
  EXPECT_TRUE(r.room_events[0].has_chat);
  EXPECT_EQ(r.room_events[0].chat_text, "first");
  EXPECT_EQ(r.room_events[1].chat_text, "second");
  ASSERT_EQ(r.others.size(), 1u);
  EXPECT_EQ(r.others[0].ack().chat_accepted().seq(), 2u);
  EXPECT_FALSE(scanServerMessage(frame.substr(0, frame.size() - 3), r));
}

TEST(DeliveryLedger, CountsGapsDuplicatesAndOrder) {
  DeliveryLedger ledger(2, 0);
  ReceiverState receiver;
  ledger.startReceiver(receiver, 10);
  const auto chat = [&](uint64_t seq, uint32_t publisher, uint64_t n) {
    ledger.onRoomEvent(receiver, seq, true, formatChatStamp({publisher, n, steadyNowNs()}), steadyNowNs());
  };
  chat(11, 0, 1);
  chat(12, 1, 1);
  chat(12, 1, 1);  // the same event again
  chat(14, 0, 2);  // 13 never came
  chat(15, 0, 1);  // publisher 0 going back
  ledger.settle(receiver, 17);  // 16 and 17 never came
  EXPECT_EQ(ledger.counts().deliveries, 4u);
  EXPECT_EQ(ledger.counts().duplicates, 1u);
  EXPECT_EQ(ledger.counts().gaps, 3u);
  EXPECT_EQ(ledger.counts().out_of_order, 1u);
  EXPECT_EQ(ledger.latency().count(), 4u);
}

}  // namespace
}  // namespace bench
