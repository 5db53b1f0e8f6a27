#include "support/nginx.h"

#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/hub_process.h"

namespace hallcast::test {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";  // Debian's

// In the foreground, one process (no master switching to another user, so
// it runs as root or not alike), every path it writes inside `dir`.
std::string commonConfig(const std::filesystem::path& dir) {
  const std::string d = dir.string();
  return "daemon off;\n"
         "master_process off;\n"
         "pid " + d + "/nginx.pid;\n"
         "lock_file " + d + "/nginx.lock;\n"
         "error_log " + d + "/error.log info;\n"
         "events { worker_connections 256; }\n";
}

}  // namespace

Nginx::Nginx(const std::filesystem::path& dir, const std::function<std::string(int port)>& body,
             std::chrono::milliseconds timeout)
    : dir_(dir),
      port_(freeTcpPort()),
      process_({kNginx, "-p", dir.string() + "/", "-c", (dir / "nginx.conf").string(), "-e",
                (dir / "error.log").string()},
               dir / "nginx.out") {
  std::filesystem::create_directories(dir_);
  const std::string config = body(port_);
  // Modules load before anything else.
  const std::size_t modules_end = config.rfind("load_module");
  const std::size_t split = modules_end == std::string::npos ? 0 : config.find('\n', modules_end) + 1;
  std::ofstream(dir_ / "nginx.conf") << config.substr(0, split) << commonConfig(dir_) << config.substr(split);
  process_.start();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!acceptsTcp(port_)) {
    if (!process_.running() || std::chrono::steady_clock::now() > deadline) {
      process_.stop();
      throw std::runtime_error("nginx did not come up on port " + std::to_string(port_) + ":\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Nginx::~Nginx() { process_.stop(); }

std::string Nginx::log() const { return readFile(dir_ / "nginx.out") + readFile(dir_ / "error.log"); }

std::function<std::string(int port)> hlsEdgeConfig(const std::filesystem::path& dir,
                                                   const std::vector<int>& origin_ports) {
  return [dir, origin_ports](int port) {
    const std::string d = dir.string();
    std::string upstream = "  upstream hallcast_origin {";
    for (int origin : origin_ports) {
      upstream += " server 127.0.0.1:" + std::to_string(origin) + " max_fails=1 fail_timeout=2s;";
    }
    upstream += " keepalive 8; }\n";
    return "http {\n"
           "  access_log " + d + "/access.log;\n"
           "  client_body_temp_path " + d + "/body;\n"
           "  proxy_temp_path " + d + "/proxy;\n"
           "  fastcgi_temp_path " + d + "/fastcgi;\n"
           "  uwsgi_temp_path " + d + "/uwsgi;\n"
           "  scgi_temp_path " + d + "/scgi;\n"
           "  proxy_cache_path " + d + "/cache levels=1:2 keys_zone=hallcast_hls:10m max_size=100m inactive=10m"
           " use_temp_path=off;\n" +
           upstream +
           "  server {\n"
           "    listen 127.0.0.1:" + std::to_string(port) + ";\n"
           "    include " HALLCAST_SOURCE_DIR "/config/nginx/hallcast-edge.conf;\n"
           "  }\n"
           "}\n";
  };
}

}  // namespace hallcast::test
