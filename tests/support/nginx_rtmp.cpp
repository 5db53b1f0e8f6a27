#include "support/nginx_rtmp.h"

namespace hallcast::test {
namespace {

// Debian's path (package libnginx-mod-rtmp).
constexpr const char* kRtmpModule = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

std::string rtmpConfig(int port) {
  return "load_module " + std::string(kRtmpModule) + ";\n"
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
    : nginx_(dir, rtmpConfig, timeout) {}

std::string NginxRtmp::url(const std::string& stream) const {
  return "rtmp://127.0.0.1:" + std::to_string(port()) + "/live/" + stream;
}

}  // namespace hallcast::test
