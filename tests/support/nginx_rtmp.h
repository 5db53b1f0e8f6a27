#pragma once
// A real RTMP server for a test: Debian's nginx with its RTMP module, the
// kind of server that OBS or a hardware encoder publishes to and the hub
// pulls from, on a free port of 127.0.0.1.

#include <chrono>
#include <filesystem>
#include <string>

#include "support/nginx.h"

namespace hallcast::test {

class NginxRtmp {
 public:
  // Starts nginx (config etc. in `dir`); throws, with its log, when it does not come up.
  explicit NginxRtmp(const std::filesystem::path& dir,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));

  int port() const { return nginx_.port(); }
  // Where a stream of the "live" application is published and played:
  // rtmp://127.0.0.1:PORT/live/NAME.
  std::string url(const std::string& stream) const;
  std::string log() const { return nginx_.log(); }

 private:
  Nginx nginx_;
};

}  // namespace hallcast::test
