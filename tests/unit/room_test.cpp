#include "rooms/room.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

RoomConfig config() {
  RoomConfig c;
  c.id = "main-forum";
  c.kind = v1::ROOM_KIND_MAIN;
  return c;
}

void commitNext(Room& room) {
  v1::RoomEvent e = room.nextEvent(1000);
  e.mutable_chat()->set_text("m" + std::to_string(e.seq()));
  room.commit(e, e.SerializeAsString());
}

std::vector<uint64_t> seqs(const std::vector<const Room::Entry*>& entries) {
  std::vector<uint64_t> out;
  for (const auto* e : entries) out.push_back(e->event.seq());
  return out;
}

TEST(Room, SequenceStartsAtOneAndHasNoGaps) {
  Room room(config(), 10);
  EXPECT_EQ(room.headSeq(), 0u);
  EXPECT_EQ(room.nextEvent(0).seq(), 1u);
  for (int i = 0; i < 5; ++i) commitNext(room);
  EXPECT_EQ(room.headSeq(), 5u);
  EXPECT_EQ(room.nextEvent(0).seq(), 6u);
  EXPECT_EQ(room.nextEvent(0).room_id(), "main-forum");
}

TEST(Room, RefusesAnOutOfOrderCommit) {
  Room room(config(), 10);
  commitNext(room);
  v1::RoomEvent skipped;
  skipped.set_seq(3);
  EXPECT_THROW(room.commit(skipped, skipped.SerializeAsString()), std::logic_error);
}

TEST(Room, ContinuesFromARestoredSeq) {
  Room room(config(), 10);
  v1::RoomEvent restored;
  restored.set_seq(41);  // the log's tail after a restart starts anywhere
  room.commit(restored, restored.SerializeAsString());
  EXPECT_EQ(room.nextEvent(0).seq(), 42u);
}

TEST(Room, ReplaysExactlyTheEventsAfterSinceSeq) {
  Room room(config(), 10);
  for (int i = 0; i < 7; ++i) commitNext(room);
  auto replay = room.since(4);
  EXPECT_FALSE(replay.missed);
  EXPECT_EQ(seqs(replay.entries), (std::vector<uint64_t>{5, 6, 7}));
  EXPECT_TRUE(room.since(7).entries.empty());
  EXPECT_EQ(seqs(room.since(0).entries), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(Room, ReportsMissedEventsOutsideTheWindow) {
  Room room(config(), 3);
  for (int i = 0; i < 10; ++i) commitNext(room);  // holds 8, 9, 10
  EXPECT_TRUE(room.since(6).missed);
  EXPECT_FALSE(room.since(7).missed);
  EXPECT_EQ(seqs(room.since(7).entries), (std::vector<uint64_t>{8, 9, 10}));
  EXPECT_TRUE(room.since(11).missed);  // a seq the room never had
}

TEST(Room, RecentReturnsTheLatestOldestFirst) {
  Room room(config(), 10);
  for (int i = 0; i < 4; ++i) commitNext(room);
  EXPECT_EQ(seqs(room.recent(2)), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(seqs(room.recent(50)), (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(Room, CountsViewers) {
  Room room(config(), 10);
  room.addViewer();
  room.addViewer();
  room.removeViewer();
  EXPECT_EQ(room.viewers(), 1u);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

void commitWithKey(Room& room, const std::string& key) {
  v1::RoomEvent e = room.nextEvent(0);
  e.mutable_chat()->set_client_message_id(key);
  room.commit(e, e.SerializeAsString());
}

TEST(Room, FindsHeldMessagesByClientMessageId) {
  Room room(config(), 2);
  commitWithKey(room, "k1");
  commitWithKey(room, "");
  EXPECT_EQ(room.findClientMessage("k1"), 1u);
  EXPECT_FALSE(room.findClientMessage(""));
  commitWithKey(room, "k3");  // k1 leaves the window
  EXPECT_FALSE(room.findClientMessage("k1"));
  EXPECT_EQ(room.findClientMessage("k3"), 3u);
}

}  // namespace
}  // namespace hallcast
