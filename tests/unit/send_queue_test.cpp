#include "realtime/send_queue.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

Frame frame(std::size_t size, char fill = 'x') {
  return std::make_shared<const std::string>(size, fill);
}

TEST(SendQueue, RefusesFramesPastTheBound) {
  SendQueue q(100);
  EXPECT_TRUE(q.push(frame(60)));
  EXPECT_FALSE(q.push(frame(50)));
  EXPECT_EQ(q.bytes(), 60u);
  EXPECT_TRUE(q.push(frame(40)));
  EXPECT_EQ(q.bytes(), 100u);
}

TEST(SendQueue, BatchesInOrderWithinTheBatchSize) {
  SendQueue q(1000);
  q.push(frame(10, 'a'));
  q.push(frame(10, 'b'));
  q.push(frame(10, 'c'));
  std::string out;
  EXPECT_EQ(q.takeBatch(25, out), 2u);
  EXPECT_EQ(out, std::string(10, 'a') + std::string(10, 'b'));
  out.clear();
  EXPECT_EQ(q.takeBatch(25, out), 1u);
  EXPECT_EQ(out, std::string(10, 'c'));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.bytes(), 0u);
}

TEST(SendQueue, AlwaysTakesOneFrameEvenIfLargerThanABatch) {
  SendQueue q(1000);
  q.push(frame(300));
  std::string out;
  EXPECT_EQ(q.takeBatch(100, out), 1u);
  EXPECT_EQ(out.size(), 300u);
}

TEST(SendQueue, SharesFramesWithoutCopyingThem) {
  SendQueue a(1000), b(1000);
  Frame f = frame(10);
  a.push(f);
  b.push(f);
  EXPECT_EQ(f.use_count(), 3);
}

// A client that is always a little behind never empties its queue: frames
// keep their order and the bound holds through the queue's compactions.
TEST(SendQueue, KeepsOrderWhenNeverEmptied) {
  SendQueue q(1000);
  char next_in = 0, next_out = 0;
  for (int round = 0; round < 500; ++round) {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(q.push(frame(1, next_in++)));
    std::string out;
    q.takeBatch(2, out);  // takes two of the three
    ASSERT_EQ(out.size(), 2u);
    for (char c : out) ASSERT_EQ(c, next_out++);
  }
  EXPECT_EQ(q.size(), 500u);
  EXPECT_EQ(q.bytes(), 500u);
  std::string rest;
  q.takeBatch(1000, rest);
  ASSERT_EQ(rest.size(), 500u);
  for (char c : rest) ASSERT_EQ(c, next_out++);
  EXPECT_TRUE(q.empty());
}

TEST(SendQueue, ReleasesFramesItSent) {
  SendQueue q(1000);
  Frame f = frame(10);
  q.push(f);
  q.push(frame(10));
  std::string out;
  q.takeBatch(10, out);
  EXPECT_EQ(f.use_count(), 1);
}

}  // namespace
}  // namespace hallcast
