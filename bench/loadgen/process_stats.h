#pragma once
// CPU time and memory of a process: the hub's from /proc/PID, the
// generator's own from getrusage, so a report says whether either of them
// was the bottleneck.

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace bench {

struct ProcessSample {
  double cpu_seconds = 0;   // user + system
  uint64_t rss_bytes = 0;   // VmRSS
  uint64_t peak_rss_bytes = 0;  // VmHWM
};

// nullopt when the process is gone or /proc cannot be read.
std::optional<ProcessSample> sampleProcess(pid_t pid);
// This process (user + system CPU, max RSS).
ProcessSample sampleSelf();

}  // namespace bench
