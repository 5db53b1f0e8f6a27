#include "common/random_id.h"

#include <cstdint>
#include <cstdio>
#include <random>

namespace hallcast {

std::string randomId(const char* prefix) {
  // Seeded once from the OS; ids need to be unique, not secret.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s_%016llx", prefix,
                static_cast<unsigned long long>(engine()));
  return buf;
}

}  // namespace hallcast
