#include "config/redis_url.h"

#include <charconv>

namespace hallcast {
namespace {

std::optional<int> number(std::string_view text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

RedisUrlResult failure(std::string why) { return {std::nullopt, std::move(why)}; }

}  // namespace

std::string RedisAddress::display() const {
  const bool v6 = host.find(':') != std::string::npos;
  return "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

RedisUrlResult parseRedisUrl(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) return failure("must start with redis:// (e.g. redis://127.0.0.1:6379)");
  std::string_view rest = url.substr(kScheme.size());
  RedisAddress address;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = credentials.find(':');
    if (colon == std::string_view::npos) return failure("credentials must be user:password@ or :password@");
    address.user = std::string(credentials.substr(0, colon));
    address.password = std::string(credentials.substr(colon + 1));
  }
  std::string_view host_port = rest;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    host_port = rest.substr(0, slash);
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) {
      const auto n = number(db, 0, 65535);
      if (!n) return failure("the database after / must be a number");
      address.db = *n;
    }
  }
  std::string_view port;
  if (host_port.starts_with('[')) {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) return failure("an IPv6 host needs its closing ]");
    address.host = std::string(host_port.substr(1, close - 1));
    const std::string_view after = host_port.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return failure("expected :port after the IPv6 host");
    if (!after.empty()) port = after.substr(1);
  } else {
    const auto colon = host_port.find(':');
    address.host = std::string(host_port.substr(0, colon));
    if (colon != std::string_view::npos) port = host_port.substr(colon + 1);
  }
  if (address.host.empty()) return failure("has no host");
  if (!port.empty()) {
    const auto n = number(port, 1, 65535);
    if (!n) return failure("the port must be a number from 1 to 65535");
    address.port = *n;
  }
  return {std::move(address), ""};
}

}  // namespace hallcast
