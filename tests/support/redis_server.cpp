#include "support/redis_server.h"

#include <signal.h>

#include <stdexcept>
#include <thread>

#include "support/child_process.h"
#include "support/hub_process.h"

namespace hallcast::test {

RedisServer::RedisServer(const std::filesystem::path& dir)
    : dir_(dir),
      port_(freeTcpPort()),
      // No RDB snapshots; the append-only file, fsynced before each reply.
      process_({"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--dir", dir.string(),
                "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
                "--enable-debug-command", "local"},
               dir / "redis.log") {
  std::filesystem::create_directories(dir_);
  start();
}

RedisServer::~RedisServer() { process_.stop(); }

void RedisServer::start() {
  process_.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!acceptsTcp(port_)) {
    if (!process_.running() || std::chrono::steady_clock::now() > deadline) {
      process_.stop();
      throw std::runtime_error("redis-server did not come up on port " + std::to_string(port_) + ":\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void RedisServer::kill9AndRestart(std::chrono::milliseconds down) {
  process_.stop(std::chrono::milliseconds(0));  // SIGKILL
  std::this_thread::sleep_for(down);
  start();
}

std::string RedisServer::log() const { return process_.log(); }

void RedisServer::pause() { ::kill(process_.pid(), SIGSTOP); }

void RedisServer::resume() { ::kill(process_.pid(), SIGCONT); }

std::string RedisServer::cli(const std::string& command, bool background) const {
  const std::string line = "redis-cli -p " + std::to_string(port_) + " " + command;
  return commandOutput(background ? "(" + line + " >/dev/null 2>&1 &)" : line);
}

}  // namespace hallcast::test
