#pragma once

namespace hallcast {

// Filled in by CMake (server/CMakeLists.txt).
const char* version();
const char* gitCommit();

}  // namespace hallcast
