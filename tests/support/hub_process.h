#pragma once
// The real hallcast binary, started for a test on an ephemeral port with its
// own data directory, and stopped (or killed) by the test.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace hallcast::test {

// A small event for tests: rooms "main-forum", "panel-a" and
// "press-conference" (questions from press only), limits as given in
// `limits_yaml` (the body of a `limits:` mapping, or empty for defaults).
// Media is off: the real-time tests need no pipelines.
std::string testEventYaml(const std::string& limits_yaml = "");

// A one-room event ("main-forum", its session started an hour ago and ends
// in an hour) with media on; `feed_yaml` is the room's `feed:` mapping body
// (empty: the test source), `media_yaml` the `media:` body.
std::string mediaEventYaml(const std::string& feed_yaml = "", const std::string& media_yaml = "");

// `event_yaml` with each room's schedule set to run from `start_ms` to
// `end_ms` after now (negative: before now).
std::string withSessionFromNow(const std::string& event_yaml, int64_t start_ms, int64_t end_ms);

// A UDP port that was free a moment ago (for an SRT listener).
int freeUdpPort();
// A TCP port on 127.0.0.1 that was free a moment ago (for a server that
// cannot be told to pick one, like nginx).
int freeTcpPort();
// Whether something accepts TCP connections on 127.0.0.1:`port` now.
bool acceptsTcp(int port);

// The sanitizer build (scripts/test --sanitize): a hub's memory says little
// (ASan's shadow and quarantine), and a hub a test is done with is stopped
// with SIGTERM rather than killed, so that LeakSanitizer checks it at exit.
#ifdef HALLCAST_SANITIZED
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

// The hallcast binary the tests run: this build's, or the one
// HALLCAST_HUB_BINARY names (scripts/test --tsan: the same tests against a
// hub built with ThreadSanitizer).
std::string hubBinary();

class HubProcess {
 public:
  // `static_dir`: served at / (empty: a directory that does not exist).
  HubProcess(std::filesystem::path config, std::filesystem::path data_dir,
             std::filesystem::path static_dir = {});
  ~HubProcess();
  HubProcess(const HubProcess&) = delete;
  HubProcess& operator=(const HubProcess&) = delete;

  // Starts the hub and waits for its "listening" line; throws on failure.
  void start(std::chrono::seconds timeout = std::chrono::seconds(20));
  // SIGKILL: no chance to flush or close anything.
  void kill9();
  // SIGTERM, then wait; returns the exit status (or -1 when killed by a signal).
  int terminate();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // SIGHUP: the hub reads the blocked words of its configuration again.
  void hangup();

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const;
  // What the hub wrote to stderr so far (its log).
  std::string log() const;
  // Waits until the log holds `text` at least `times` times; false on timeout.
  bool waitForLog(const std::string& text, std::size_t times = 1,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

 private:
  std::filesystem::path config_;
  std::filesystem::path data_dir_;
  std::filesystem::path static_dir_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Runs the hallcast binary with `args` to completion; returns its exit code
// and what it printed on stdout and stderr together.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult runHallcast(const std::vector<std::string>& args);

}  // namespace hallcast::test
