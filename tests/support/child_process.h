#pragma once
// Programs that a test runs beside the hub: nginx, an ffmpeg sender. Each is
// a child process that the test ends, and that is killed at scope end if it
// still runs.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hallcast::test {

// Starts `args` (args[0] looked up in PATH); throws when it cannot start.
// With `stdout_fd`, its stdout goes to a pipe returned there and its stderr
// to `log_file` (to the pipe as well when empty). Without, stdout and stderr
// go to `log_file` and stdin is /dev/null.
pid_t spawnProcess(const std::vector<std::string>& args, int* stdout_fd, const std::string& log_file);

// What `file` holds (a log); empty when it does not exist.
std::string readFile(const std::filesystem::path& file);

// What a shell command prints, stdout and stderr together (ffprobe and the like).
std::string commandOutput(const std::string& command);

class ChildProcess {
 public:
  // What it prints goes to `log_file`.
  ChildProcess(std::vector<std::string> args, std::filesystem::path log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void start();
  // SIGTERM; SIGKILL if it still runs after `grace`.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
  // False once it has exited (by itself or stopped).
  bool running();
  // Waits for it to end by itself: its exit status (-1 when a signal ended
  // it), or nullopt if it still runs after `timeout`.
  std::optional<int> waitExit(std::chrono::milliseconds timeout);
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  std::vector<std::string> args_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace hallcast::test
