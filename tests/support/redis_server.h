#pragma once
// A real Redis for a test: Debian's redis-server on a free port of
// 127.0.0.1, its append-only file (fsync on every write, so what it
// acknowledged survives a kill -9) in a directory of the test's.

#include <chrono>
#include <filesystem>
#include <string>

#include "support/child_process.h"

namespace hallcast::test {

class RedisServer {
 public:
  // Starts it and waits until it answers; throws, with its log, when not.
  explicit RedisServer(const std::filesystem::path& dir);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  // SIGKILL, then (after `down`) the same server again on the same port
  // and files.
  void kill9AndRestart(std::chrono::milliseconds down = std::chrono::milliseconds(0));
  // SIGSTOP, SIGCONT: while paused it accepts connections (the kernel does)
  // and answers nothing — a network partition, as clients see it.
  void pause();
  void resume();
  // Runs a command with redis-cli (DEBUG is enabled for local clients);
  // returns what it printed. `background`: returns at once.
  std::string cli(const std::string& command, bool background = false) const;
  std::string log() const;

 private:
  void start();

  std::filesystem::path dir_;
  int port_ = 0;
  ChildProcess process_;
};

}  // namespace hallcast::test
