// kill -9 in the middle of a chat rush: writers have hundreds of messages
// in flight, readers are following the room. After the restart every
// acknowledged message is in the log at the seq its Ack named; readers
// resume from what they saw with no gap and no duplicate; writers retry
// what was never acknowledged (with the same client_message_id) and each
// message ends up in the room exactly once.

#include <map>
#include <set>

#include "support/hub_fixture.h"

namespace hallcast::test {
namespace {

// The hub stores and acknowledges some 10,000 chats a second here: the kill
// comes while most of them are still on their way.
constexpr int kWriters = 4;
constexpr int kMessagesEach = 2500;
constexpr std::size_t kAcksBeforeKill = 100;  // of 10,000 sent

bool isChat(const v1::ServerEvent& e) { return e.has_room_event() && e.room_event().has_chat(); }

std::string keyOf(int writer, int i) { return "w" + std::to_string(writer) + "-" + std::to_string(i); }

// Follows the room, checking order as it goes: the seqs it saw, which must
// be 1, 2, 3... with neither gap nor repeat.
struct Reader {
  std::unique_ptr<WsClient> client;
  uint64_t last_seq = 0;
  std::map<uint64_t, std::string> texts;  // seq -> text

  // Takes what has arrived; false (with the reason) when order broke.
  ::testing::AssertionResult take(std::chrono::milliseconds wait) {
    while (auto e = client->next(wait)) {
      if (!isChat(*e)) continue;
      const uint64_t seq = e->room_event().seq();
      if (seq != last_seq + 1) {
        return ::testing::AssertionFailure() << "after seq " << last_seq << " came " << seq;
      }
      last_seq = seq;
      texts[seq] = e->room_event().chat().text();
    }
    return ::testing::AssertionSuccess();
  }
};

class CrashUnderLoadTest : public HubTest {};

TEST_F(CrashUnderLoadTest, KillNineMidRushLosesNoAcknowledgedMessageAndResumesWithoutGapOrDuplicate) {
  startHub("  requests_per_second: 100000\n  request_burst: 100000\n  replay_events: 20000\n");
  Reader readers[2];
  for (Reader& reader : readers) {
    reader.client = greeted("Reader");
    ASSERT_TRUE(reader.client->join("main-forum").has_ack());
  }
  std::vector<std::unique_ptr<WsClient>> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.push_back(greeted("Writer " + std::to_string(w)));
    ASSERT_TRUE(writers.back()->join("main-forum").has_ack());
  }
  // Every message sent at once; the hub works through them while the test
  // counts acknowledgements.
  std::map<uint64_t, std::string> key_of_request[kWriters];
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kMessagesEach; ++i) {
      const std::string key = keyOf(w, i);
      key_of_request[w][writers[w]->send(chatRequest("main-forum", "text of " + key, key))] = key;
    }
  }
  std::map<std::string, uint64_t> acked;  // key -> seq
  // Takes the Acks that arrived, until `enough` or none came for `wait`.
  auto takeAcks = [&](std::chrono::milliseconds wait, std::size_t enough) {
    for (int w = 0; w < kWriters; ++w) {
      while (acked.size() < enough) {
        auto e = writers[w]->next(wait);
        if (!e) break;
        if (!e->has_ack() || !e->ack().has_chat_accepted()) continue;
        acked[key_of_request[w].at(e->ack().request_id())] = e->ack().chat_accepted().seq();
      }
    }
  };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (acked.size() < kAcksBeforeKill && std::chrono::steady_clock::now() < deadline) {
    takeAcks(20ms, kAcksBeforeKill);
  }
  ASSERT_GE(acked.size(), kAcksBeforeKill);
  hub().kill9();

  // What reached the clients before the connection died counts too.
  takeAcks(200ms, SIZE_MAX);
  for (Reader& reader : readers) ASSERT_TRUE(reader.take(200ms));
  const std::size_t acked_at_kill = acked.size();
  ASSERT_LT(acked_at_kill, static_cast<std::size_t>(kWriters * kMessagesEach))
      << "the hub finished before the kill: nothing was in flight";

  hub().start();
  // The readers resume from the last seq each saw.
  uint64_t head = 0;
  for (Reader& reader : readers) {
    const uint64_t seen_before = reader.last_seq;
    reader.client = greeted("Reader");
    const v1::ServerEvent joined = reader.client->join("main-forum", reader.last_seq);
    ASSERT_TRUE(joined.has_ack()) << joined.DebugString();
    EXPECT_FALSE(joined.ack().joined().missed_events());
    head = joined.ack().joined().head_seq();
    while (reader.last_seq < head) {
      const uint64_t before = reader.last_seq;
      ASSERT_TRUE(reader.take(2s));
      ASSERT_GT(reader.last_seq, before) << "the replay stopped at " << before << " of " << head;
    }
    std::cerr << "[ crash ] a reader had seen " << seen_before << " events, resumed to " << head << "\n";
  }
  // Every acknowledged message is stored where its Ack said.
  for (const auto& [key, seq] : acked) {
    ASSERT_LE(seq, head) << key << " was acknowledged as " << seq << " but the log ends at " << head;
    EXPECT_EQ(readers[0].texts.at(seq), "text of " + key);
  }
  std::size_t stored_unacked = head - acked_at_kill;

  // The writers retry everything not acknowledged, keyed as before.
  std::size_t retried = 0;
  for (int w = 0; w < kWriters; ++w) {
    writers[w] = greeted("Writer " + std::to_string(w));
    ASSERT_TRUE(writers[w]->join("main-forum", head).has_ack());
    key_of_request[w].clear();
    for (int i = 0; i < kMessagesEach; ++i) {
      const std::string key = keyOf(w, i);
      if (acked.count(key)) continue;
      key_of_request[w][writers[w]->send(chatRequest("main-forum", "text of " + key, key))] = key;
      ++retried;
    }
  }
  while (acked.size() < static_cast<std::size_t>(kWriters * kMessagesEach)) {
    const std::size_t before = acked.size();
    takeAcks(500ms, SIZE_MAX);
    ASSERT_GT(acked.size(), before) << "retries went unanswered: " << acked.size() << " acknowledged";
  }
  // Each message is in the room exactly once, and the readers saw it once.
  for (Reader& reader : readers) ASSERT_TRUE(reader.take(500ms));
  const std::size_t total = static_cast<std::size_t>(kWriters * kMessagesEach);
  EXPECT_EQ(readers[0].last_seq, total) << "a message was stored twice, or is missing";
  EXPECT_EQ(readers[1].last_seq, total);
  std::set<std::string> texts;
  for (const auto& [seq, text] : readers[0].texts) {
    EXPECT_TRUE(texts.insert(text).second) << text << " is in the room twice";
  }
  for (const auto& [key, seq] : acked) EXPECT_EQ(readers[0].texts.at(seq), "text of " + key);
  std::cerr << "[ crash ] " << total << " sent, " << acked_at_kill << " acknowledged before kill -9, "
            << stored_unacked << " more stored but not yet acknowledged, "
            << total - head << " lost in flight; " << retried << " retried; " << readers[0].last_seq << " in the room after the retries\n";
  RecordProperty("acked_at_kill", static_cast<int>(acked_at_kill));
  RecordProperty("stored_unacked", static_cast<int>(stored_unacked));
}

}  // namespace
}  // namespace hallcast::test
