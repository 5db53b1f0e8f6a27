#include "loadgen/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace bench {
namespace {

// A "Name:   123 kB" line of /proc/PID/status, in bytes.
uint64_t statusKiB(const std::string& status, const std::string& name) {
  const auto at = status.find("\n" + name + ":");
  if (at == std::string::npos) return 0;
  std::istringstream line(status.substr(at + name.size() + 2));
  uint64_t kib = 0;
  line >> kib;
  return kib * 1024;
}

}  // namespace

std::optional<ProcessSample> sampleProcess(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/";
  std::ifstream stat_file(dir + "stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces and parentheses: count the
  // fields after its closing parenthesis. utime and stime are fields 14, 15.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  uint64_t utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return std::nullopt;

  std::ifstream status_file(dir + "status");
  const std::string status =
      "\n" + std::string((std::istreambuf_iterator<char>(status_file)), std::istreambuf_iterator<char>());
  ProcessSample sample;
  sample.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  sample.rss_bytes = statusKiB(status, "VmRSS");
  sample.peak_rss_bytes = statusKiB(status, "VmHWM");
  return sample;
}

ProcessSample sampleSelf() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  ProcessSample sample;
  sample.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  sample.peak_rss_bytes = static_cast<uint64_t>(usage.ru_maxrss) * 1024;
  if (auto self = sampleProcess(getpid())) sample.rss_bytes = self->rss_bytes;
  return sample;
}

}  // namespace bench
