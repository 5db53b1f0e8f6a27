// RoomPublisher: what requests store is committed in order, only once
// stored, in batches (group commit); a refused write leaves no gap; a write
// that waits past its deadline is refused UNAVAILABLE. Over a real SQLite
// file, with the test as the loop and a clock it moves by hand.
#include "realtime/room_publisher.h"

#include <gtest/gtest.h>

#include <atomic>

#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"
#include "support/test_loop.h"

namespace hallcast {
namespace {

using Status = WriteOutcome::Status;

// The SQLite log, refusing appends while `refusing`.
class RefusingLog final : public EventLog {
 public:
  explicit RefusingLog(EventLog& log) : log_(log) {}
  std::atomic<bool> refusing{false};

  void append(std::span<const StoredEvent> events) override {
    if (refusing) throw StoreError("disk full (test)");
    log_.append(events);
  }
  uint64_t headSeq(const std::string& room_id) override { return log_.headSeq(room_id); }
  std::vector<StoredEvent> readTail(const std::string& room_id, std::size_t max_events) override {
    return log_.readTail(room_id, max_events);
  }
  std::vector<StoredEvent> readAfter(const std::string& room_id, uint64_t after_seq, std::size_t max_events) override {
    return log_.readAfter(room_id, after_seq, max_events);
  }

 private:
  EventLog& log_;
};

RoomConfig roomConfig(const std::string& id) {
  RoomConfig c;
  c.id = id;
  c.kind = v1::ROOM_KIND_PANEL;
  return c;
}

// Two rooms and the sanctions, as the Hub keeps them.
struct Rooms final : RoomPublisher::Sink {
  Room a{roomConfig("a"), 100};
  Room b{roomConfig("b"), 100};
  uint64_t sanctions_head = 0;
  std::vector<std::string> committed_events;  // "room/seq", in commit order

  void committed(Room& room, v1::RoomEvent event, const std::string& payload) override {
    committed_events.push_back(room.id() + "/" + std::to_string(event.seq()));
    room.commit(std::move(event), payload);
  }
  void sanctioned(const v1::Sanction& sanction, bool) override { sanctions_head = sanction.seq(); }
  uint64_t head(const LogStream& stream) const override {
    if (stream.isSanctions()) return sanctions_head;
    return stream.name() == "a" ? a.headSeq() : b.headSeq();
  }
  Room* room(const std::string& id) override { return id == "a" ? &a : id == "b" ? &b : nullptr; }
};

struct Fixture {
  test::TempDir dir;
  SqliteDb db{dir.path(), SyncMode::kNormal};
  SqliteEventLog sqlite{db};
  RefusingLog log{sqlite};
  SqliteVoteStore votes{db};
  Metrics metrics;
  test::ManualClock clock;
  Rooms rooms;
  RoomPublisher publisher{log, votes, metrics, clock, rooms};
  test::TestLoop loop;

  ~Fixture() { publisher.stopWriting(); }

  v1::RoomEvent chat(Room& room, const std::string& text) {
    v1::RoomEvent event = room.nextEvent(clock.unixMs());
    event.mutable_chat()->set_text(text);
    return event;
  }
};

TEST(RoomPublisher, WhatArrivesInOneTurnIsStoredInOneBatchCommittedInOrderThenAnswered) {
  Fixture f;
  f.publisher.writeOffTheLoop(f.loop.post());
  std::vector<std::string> answers;
  for (const char* text : {"one", "two", "three"}) {
    f.publisher.publish(f.rooms.a, f.chat(f.rooms.a, text), [&](const RoomPublisher::Published& published) {
      ASSERT_TRUE(published.stored());
      // Answered only once committed: the room already has it.
      EXPECT_GE(f.rooms.a.headSeq(), published.seqs.front());
      answers.push_back(std::to_string(published.seqs.front()));
    });
  }
  EXPECT_TRUE(f.rooms.committed_events.empty());  // nothing before the store answers
  EXPECT_EQ(f.publisher.waiting(), 3u);
  f.loop.runAfter(1);  // the end of the turn: the batch goes to the store
  f.loop.runAfter(1);  // the store's answer
  EXPECT_EQ(f.metrics.store_batches, 1u);
  EXPECT_EQ(f.rooms.committed_events, (std::vector<std::string>{"a/1", "a/2", "a/3"}));
  EXPECT_EQ(answers, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(f.sqlite.headSeq("a"), 3u);
  EXPECT_EQ(f.publisher.waiting(), 0u);
}

TEST(RoomPublisher, ARefusedWriteCommitsNothingAndLeavesNoGap) {
  Fixture f;  // writes at once: no loop given
  f.log.refusing = true;
  std::optional<RoomPublisher::Published> refused;
  f.publisher.publish(f.rooms.a, f.chat(f.rooms.a, "lost"), [&](const auto& p) { refused = p; });
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, Status::kFailed);
  EXPECT_EQ(refused->refusal("the message", "it was not sent").code, v1::ERROR_CODE_INTERNAL);
  EXPECT_TRUE(f.publisher.health().failing());
  EXPECT_EQ(f.rooms.a.headSeq(), 0u);

  f.log.refusing = false;
  std::optional<RoomPublisher::Published> stored;
  f.publisher.publish(f.rooms.a, f.chat(f.rooms.a, "kept"), [&](const auto& p) { stored = p; });
  ASSERT_TRUE(stored && stored->stored());
  EXPECT_EQ(stored->seqs, std::vector<uint64_t>{1});  // not 2: the refused one took no seq
  EXPECT_FALSE(f.publisher.health().failing());
}

TEST(RoomPublisher, AWriteThatWaitsPastTheDeadlineIsRefusedUnavailableAndTakesNoSeq) {
  Fixture f;
  f.publisher.writeOffTheLoop(f.loop.post());
  std::optional<RoomPublisher::Published> answer;
  f.publisher.publish(f.rooms.b, f.chat(f.rooms.b, "late"), [&](const auto& p) { answer = p; });
  EXPECT_EQ(f.rooms.b.nextEvent(0).seq(), 2u);  // 1 is on its way

  f.clock.advance(RoomPublisher::kWriteDeadline - std::chrono::milliseconds(1));
  f.publisher.expire(f.clock.steadyNow());
  EXPECT_FALSE(answer);  // still in time
  f.clock.advance(std::chrono::milliseconds(1));
  f.publisher.expire(f.clock.steadyNow());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, Status::kUnavailable);
  const Rejection refusal = answer->refusal("the message", "it was not sent");
  EXPECT_EQ(refusal.code, v1::ERROR_CODE_UNAVAILABLE);
  EXPECT_EQ(refusal.retry_after_ms, 1000u);
  EXPECT_EQ(f.rooms.b.nextEvent(0).seq(), 1u);

  f.loop.runAfter(1);  // the batch that was scheduled finds nothing to write
  EXPECT_EQ(f.metrics.store_batches, 0u);
  EXPECT_EQ(f.sqlite.headSeq("b"), 0u);
}

TEST(RoomPublisher, SanctionsAndVotesAreStoredInTheirOwnStreams) {
  Fixture f;
  std::vector<uint64_t> sanction_seqs;
  for (int i = 0; i < 2; ++i) {
    v1::Sanction sanction;
    sanction.set_kind(v1::SANCTION_KIND_MUTE);
    sanction.mutable_target()->set_user_id("u-" + std::to_string(i));
    f.publisher.publishSanction(sanction, [&](const auto& p) {
      ASSERT_TRUE(p.stored());
      sanction_seqs.push_back(p.seqs.front());
    });
  }
  EXPECT_EQ(sanction_seqs, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(f.rooms.sanctions_head, 2u);
  EXPECT_EQ(f.sqlite.headSeq(LogStream::sanctions().name()), 2u);
  EXPECT_EQ(f.rooms.a.headSeq(), 0u);  // no room took a seq

  bool voted = false;
  f.publisher.publishVote({{"a", Ballot::question(7), "u-1", 1}, false}, [&](const auto& p) { voted = p.stored(); });
  EXPECT_TRUE(voted);
  const std::vector<StoredVote> stored = f.votes.readRoom("a");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].ballot, Ballot::question(7));
}

TEST(Ballot, KeysRoundTripAndNothingElseIsABallot) {
  EXPECT_EQ(Ballot::question(12).key(), "q/12");
  EXPECT_EQ(Ballot::poll(40).key(), "p/40");
  EXPECT_EQ(Ballot::fromKey("q/12"), Ballot::question(12));
  EXPECT_EQ(Ballot::fromKey("p/40"), Ballot::poll(40));
  for (const char* bad : {"", "q/", "x/1", "q1", "q/1a", "p/-1", "q/99999999999999999999"}) {
    EXPECT_FALSE(Ballot::fromKey(bad)) << bad;
  }
}

}  // namespace
}  // namespace hallcast
