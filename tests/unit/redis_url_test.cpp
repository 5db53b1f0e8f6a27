// The Redis URL of cluster mode (cluster.redis).
#include <gtest/gtest.h>

#include "config/redis_url.h"

namespace hallcast {
namespace {

TEST(RedisUrl, ReadsHostPortCredentialsAndDatabase) {
  auto r = parseRedisUrl("redis://127.0.0.1:6380/2");
  ASSERT_TRUE(r.address) << r.error;
  EXPECT_EQ(r.address->host, "127.0.0.1");
  EXPECT_EQ(r.address->port, 6380);
  EXPECT_EQ(r.address->db, 2);
  EXPECT_EQ(r.address->password, "");

  r = parseRedisUrl("redis://hub:s3cret@redis.internal");
  ASSERT_TRUE(r.address) << r.error;
  EXPECT_EQ(r.address->host, "redis.internal");
  EXPECT_EQ(r.address->port, 6379);
  EXPECT_EQ(r.address->user, "hub");
  EXPECT_EQ(r.address->password, "s3cret");
  EXPECT_EQ(r.address->display(), "redis://redis.internal:6379/0") << "no credentials in logs";

  r = parseRedisUrl("redis://:only-a-password@[::1]:7000");
  ASSERT_TRUE(r.address) << r.error;
  EXPECT_EQ(r.address->host, "::1");
  EXPECT_EQ(r.address->port, 7000);
  EXPECT_EQ(r.address->user, "");
  EXPECT_EQ(r.address->password, "only-a-password");
  EXPECT_EQ(r.address->display(), "redis://[::1]:7000/0");
}

TEST(RedisUrl, SaysWhatIsWrong) {
  EXPECT_NE(parseRedisUrl("http://127.0.0.1").error.find("redis://"), std::string::npos);
  EXPECT_NE(parseRedisUrl("redis://").error.find("no host"), std::string::npos);
  EXPECT_NE(parseRedisUrl("redis://h:99999").error.find("port"), std::string::npos);
  EXPECT_NE(parseRedisUrl("redis://h:12ab").error.find("port"), std::string::npos);
  EXPECT_NE(parseRedisUrl("redis://h/x").error.find("database"), std::string::npos);
  EXPECT_NE(parseRedisUrl("redis://[::1:6379").error.find("]"), std::string::npos);
  const auto leaky = parseRedisUrl("redis://user@h");
  EXPECT_FALSE(leaky.address);
  EXPECT_EQ(leaky.error.find("user@h"), std::string::npos);
}

}  // namespace
}  // namespace hallcast
