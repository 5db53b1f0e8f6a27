#pragma once
// A real RTMP server for a test: Debian's nginx with its RTMP module, the
// kind of server that OBS or a hardware encoder publishes to and the hub
// pulls from. It runs as whoever runs the test, with its config, pid file
// and logs in a directory of the test's, on a free port of 127.0.0.1.

#include <chrono>
#include <filesystem>
#include <string>

#include "support/child_process.h"

namespace hallcast::test {

class NginxRtmp {
 public:
  // Starts nginx (config etc. in `dir`) and waits until its port accepts
  // connections; throws, with nginx's log, when it does not.
  explicit NginxRtmp(const std::filesystem::path& dir,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));
  ~NginxRtmp();
  NginxRtmp(const NginxRtmp&) = delete;
  NginxRtmp& operator=(const NginxRtmp&) = delete;

  int port() const { return port_; }
  // Where a stream of the "live" application is published and played:
  // rtmp://127.0.0.1:PORT/live/NAME.
  std::string url(const std::string& stream) const;
  // nginx's error log.
  std::string log() const;

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  ChildProcess process_;
};

}  // namespace hallcast::test
