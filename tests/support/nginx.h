#pragma once
// Debian's nginx for a test: its own config (made by the test for the
// free port it is given), pid file and logs in a directory of the test's,
// on 127.0.0.1. NginxRtmp (an RTMP server) and the HLS edge tests use it.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace hallcast::test {

class Nginx {
 public:
  // `body(port)`: what follows the common part of nginx.conf (events,
  // pid, logs), e.g. an http{} or rtmp{} block listening on `port`.
  // Starts nginx and waits until the port accepts connections; throws,
  // with nginx's log, when it does not.
  Nginx(const std::filesystem::path& dir, const std::function<std::string(int port)>& body,
        std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));
  ~Nginx();
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }
  // nginx's output and error log.
  std::string log() const;

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  ChildProcess process_;
};

// nginx.conf's body for hallcast's HLS edge: the shipped include
// (config/nginx/hallcast-edge.conf) in a server on the port nginx is
// given, in front of the hubs on `origin_ports` (a node that fails once is
// skipped for 2 s), cache and temporary files under `dir`.
std::function<std::string(int port)> hlsEdgeConfig(const std::filesystem::path& dir,
                                                   const std::vector<int>& origin_ports);

}  // namespace hallcast::test
