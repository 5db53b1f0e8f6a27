#include "threads/loop_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace hallcast {
namespace {

TEST(LoopQueue, RunsTasksFromOtherThreadsOnTheDrainingThreadInOrder) {
  LoopQueue queue;
  std::vector<int> seen;  // touched only by the draining thread
  std::vector<std::thread> producers;
  for (int p = 0; p < 4; ++p) {
    producers.emplace_back([&queue, &seen, p] {
      for (int i = 0; i < 1000; ++i) queue.push([&seen, p, i] { seen.push_back(p * 1000 + i); });
    });
  }
  for (auto& t : producers) t.join();
  queue.drain();
  ASSERT_EQ(seen.size(), 4000u);
  // Each producer's tasks keep their order.
  for (int p = 0; p < 4; ++p) {
    int last = -1;
    for (int v : seen) {
      if (v / 1000 != p) continue;
      EXPECT_GT(v, last);
      last = v;
    }
  }
  queue.drain();  // nothing left
  EXPECT_EQ(seen.size(), 4000u);
}

}  // namespace
}  // namespace hallcast
