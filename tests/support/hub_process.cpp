#include "support/hub_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <thread>
#include <stdexcept>

#include <google/protobuf/util/time_util.h>

#include "support/child_process.h"

namespace hallcast::test {
namespace {

// An event with the main forum as its first room; more rooms may follow.
std::string eventHeader(const std::string& id, const std::string& title) {
  return "event:\n  id: " + id + "\n  title: {en: " + title + ", zh: 测试}\n  time_zone: Asia/Shanghai\n"
         "rooms:\n"
         "  - id: main-forum\n    kind: main\n    title: {en: Main Forum, zh: 主论坛}\n"
         "    schedule: {start: \"2026-12-08T09:00:00+08:00\", end: \"2026-12-08T12:00:00+08:00\"}\n";
}

}  // namespace

std::string testEventYaml(const std::string& limits_yaml) {
  std::string yaml = eventHeader("test-event", "Test Forum") + R"(  - id: panel-a
    kind: panel
    title: {en: Panel A, zh: 分论坛A}
    schedule: {start: "2026-12-08T14:00:00+08:00", end: "2026-12-08T17:00:00+08:00"}
  - id: press-conference
    kind: press
    title: {en: Press Conference, zh: 新闻发布会}
    schedule: {start: "2026-12-08T12:30:00+08:00", end: "2026-12-08T13:30:00+08:00"}
    press_only_questions: true
)";
  if (!limits_yaml.empty()) yaml += "limits:\n" + limits_yaml;
  yaml += "media:\n  enabled: false\n";
  return yaml;
}

std::string withSessionFromNow(const std::string& event_yaml, int64_t start_ms, int64_t end_ms) {
  using google::protobuf::util::TimeUtil;
  const int64_t now_ms = TimeUtil::TimestampToMilliseconds(TimeUtil::GetCurrentTime());
  const auto at = [&](int64_t ms) { return TimeUtil::ToString(TimeUtil::MillisecondsToTimestamp(now_ms + ms)); };
  return std::regex_replace(event_yaml, std::regex("schedule: \\{[^}]*\\}"),
                            "schedule: {start: \"" + at(start_ms) + "\", end: \"" + at(end_ms) + "\"}");
}

std::string mediaEventYaml(const std::string& feed_yaml, const std::string& media_yaml) {
  std::string yaml = withSessionFromNow(eventHeader("media-test", "Media Test"), -3'600'000, 3'600'000);
  if (!feed_yaml.empty()) yaml += "    feed:\n" + feed_yaml;
  yaml += "media:\n  segment_ms: 1000\n" + media_yaml;
  return yaml;
}

namespace {

int freePort(int type) {
  const int fd = socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

int freeUdpPort() { return freePort(SOCK_DGRAM); }

int freeTcpPort() { return freePort(SOCK_STREAM); }

bool acceptsTcp(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

HubProcess::HubProcess(std::filesystem::path config, std::filesystem::path data_dir,
                       std::filesystem::path static_dir)
    : config_(std::move(config)),
      data_dir_(std::move(data_dir)),
      static_dir_(static_dir.empty() ? data_dir_ / "no-static" : std::move(static_dir)) {
  log_file_ = data_dir_.parent_path() / (data_dir_.filename().string() + ".log");
}

// LeakSanitizer, in the test binaries only (the hub gets none of this):
// the TLS test's clients (libcurl, the lws client) leave OpenSSL's
// certificate stores to the end of the process.
extern "C" const char* __lsan_default_suppressions() { return "leak:libcrypto.so.3\nleak:libssl.so.3\n"; }

std::string hubBinary() {
  const char* other = std::getenv("HALLCAST_HUB_BINARY");
  return other && *other ? other : HALLCAST_BINARY;
}

HubProcess::~HubProcess() {
  if (!running()) return;
  if (kSanitizedBuild) {
    terminate();
  } else {
    kill9();
  }
}

void HubProcess::start(std::chrono::seconds timeout) {
  if (running()) throw std::logic_error("hub already running");
  int out = -1;
  pid_ = spawnProcess({hubBinary(), "serve", "--config", config_.string(), "--listen", "127.0.0.1:0",
                "--data", data_dir_.string(), "--static", static_dir_.string(),
                "--log-level", "debug"},
               &out, log_file_.string());
  // Read stdout until the "listening" line tells the port.
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::regex listening("listening on https?://[^:]+:([0-9]+)");
  std::smatch match;
  while (!std::regex_search(text, match, listening)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd pfd{out, POLLIN, 0};
    if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
      close(out);
      kill9();
      throw std::runtime_error("hub did not start in time; log:\n" + log());
    }
    char buf[512];
    const ssize_t n = read(out, buf, sizeof buf);
    if (n <= 0) {
      close(out);
      kill9();
      throw std::runtime_error("hub exited during start; log:\n" + log());
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  port_ = std::stoi(match[1].str());
  close(out);  // the hub prints nothing more on stdout
}

void HubProcess::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int HubProcess::terminate() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void HubProcess::hangup() {
  if (running()) ::kill(pid_, SIGHUP);
}

bool HubProcess::waitForLog(const std::string& text, std::size_t times, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::string all = log();
    std::size_t found = 0;
    for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + text.size())) ++found;
    if (found >= times) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string HubProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string HubProcess::log() const { return readFile(log_file_); }

CommandResult runHallcast(const std::vector<std::string>& args) {
  std::vector<std::string> argv{hubBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  int out = -1;
  const pid_t pid = spawnProcess(argv, &out, "");
  CommandResult result;
  char buf[4096];
  ssize_t n;
  while ((n = read(out, buf, sizeof buf)) > 0) result.output.append(buf, static_cast<std::size_t>(n));
  close(out);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace hallcast::test
