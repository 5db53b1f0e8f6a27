#pragma once
// What a process holds, read from /proc: for tests that a hub gives back
// what it takes (memory, threads, open files).

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace hallcast::test {

// A "Name:   value" line of /proc/PID/status, as a number (0 when absent).
inline uint64_t procStatus(pid_t pid, const std::string& name) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(name + ":", 0) == 0) return std::stoull(line.substr(name.size() + 1));
  }
  return 0;
}

// Resident memory in bytes (VmRSS is in KiB).
inline uint64_t residentBytes(pid_t pid) { return procStatus(pid, "VmRSS") * 1024; }
inline uint64_t threadCount(pid_t pid) { return procStatus(pid, "Threads"); }

inline std::size_t openFiles(pid_t pid) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

}  // namespace hallcast::test
