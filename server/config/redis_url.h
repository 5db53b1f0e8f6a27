#pragma once
// Where the cluster's Redis is: redis://[[user]:password@]host[:port][/db]
// (the URI scheme of the Redis documentation; IPv6 hosts in brackets).

#include <optional>
#include <string>
#include <string_view>

namespace hallcast {

struct RedisAddress {
  std::string host;
  int port = 6379;
  std::string user;      // empty: the default user (or none before Redis 6)
  std::string password;  // never logged
  int db = 0;

  // "redis://host:port/db", without the credentials, for logs and messages.
  std::string display() const;
};

// The address, or an explanation of what is wrong with `url` (which the
// explanation never quotes whole: it may carry a password).
struct RedisUrlResult {
  std::optional<RedisAddress> address;
  std::string error;
};
RedisUrlResult parseRedisUrl(std::string_view url);

}  // namespace hallcast
