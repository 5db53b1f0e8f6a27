// Set up once for every fuzz target (linked into each): logging costs more
// than the code under test, so it is off while fuzzing.

#include <spdlog/spdlog.h>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}
