#include "common/token_bucket.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucket, AllowsTheBurstThenTheRate) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(2.0, 3.0, t0);
  EXPECT_TRUE(bucket.tryTake(t0));
  EXPECT_TRUE(bucket.tryTake(t0));
  EXPECT_TRUE(bucket.tryTake(t0));
  EXPECT_FALSE(bucket.tryTake(t0));
  EXPECT_EQ(bucket.waitTime(t0), 501ms);  // half a second for one token at 2/s
  EXPECT_FALSE(bucket.tryTake(t0 + 400ms));
  EXPECT_TRUE(bucket.tryTake(t0 + 500ms));
  EXPECT_FALSE(bucket.tryTake(t0 + 500ms));
}

TEST(TokenBucket, NeverSavesMoreThanTheBurst) {
  const auto t0 = TokenBucket::Clock::time_point{} + 1h;
  TokenBucket bucket(100.0, 2.0, t0);
  const auto later = t0 + 1h;
  EXPECT_TRUE(bucket.tryTake(later));
  EXPECT_TRUE(bucket.tryTake(later));
  EXPECT_FALSE(bucket.tryTake(later));
}

}  // namespace
}  // namespace hallcast
