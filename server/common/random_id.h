#pragma once
#include <string>

namespace hallcast {

// A random identifier like "s_3f9c0a1b7e2d4c58": `prefix`, '_', 16 hex digits
// (64 bits from the OS's random source).
std::string randomId(const char* prefix);

}  // namespace hallcast
