#include "support/nginx_rtmp.h"

#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/hub_process.h"

namespace hallcast::test {
namespace {

// Debian's paths (packages nginx and libnginx-mod-rtmp).
constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr const char* kRtmpModule = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

// In the foreground, one process (no master switching to another user, so
// it runs as root or not alike), every path it writes inside `dir`.
std::string config(const std::filesystem::path& dir, int port) {
  const std::string d = dir.string();
  return "load_module " + std::string(kRtmpModule) + ";\n"
         "daemon off;\n"
         "master_process off;\n"
         "pid " + d + "/nginx.pid;\n"
         "lock_file " + d + "/nginx.lock;\n"
         "error_log " + d + "/error.log info;\n"
         "events { worker_connections 64; }\n"
         "rtmp {\n"
         "  access_log off;\n"
         "  server {\n"
         "    listen 127.0.0.1:" + std::to_string(port) + ";\n"
         "    application live { live on; record off; }\n"
         "  }\n"
         "}\n";
}

}  // namespace

NginxRtmp::NginxRtmp(const std::filesystem::path& dir, std::chrono::milliseconds timeout)
    : dir_(dir),
      port_(freeTcpPort()),
      process_({kNginx, "-p", dir.string() + "/", "-c", (dir / "nginx.conf").string(), "-e",
                (dir / "error.log").string()},
               dir / "nginx.out") {
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "nginx.conf") << config(dir_, port_);
  process_.start();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!acceptsTcp(port_)) {
    if (!process_.running() || std::chrono::steady_clock::now() > deadline) {
      process_.stop();
      throw std::runtime_error("nginx-rtmp did not come up on port " + std::to_string(port_) + ":\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

NginxRtmp::~NginxRtmp() { process_.stop(); }

std::string NginxRtmp::url(const std::string& stream) const {
  return "rtmp://127.0.0.1:" + std::to_string(port_) + "/live/" + stream;
}

std::string NginxRtmp::log() const { return readFile(dir_ / "nginx.out") + readFile(dir_ / "error.log"); }

}  // namespace hallcast::test
