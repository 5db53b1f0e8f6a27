#include "http/origin_policy.h"

#include <algorithm>
#include <cctype>

namespace hallcast {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "host:port" without the scheme's default port, lower-cased.
std::string authority(std::string_view host_port, std::string_view scheme) {
  std::string out = lower(host_port);
  const std::string_view default_port = scheme == "https" || scheme == "wss" ? ":443" : ":80";
  if (out.ends_with(default_port)) out.resize(out.size() - default_port.size());
  return out;
}

}  // namespace

std::optional<std::string> refuseOrigin(std::string_view origin, std::string_view host,
                                        const std::vector<std::string>& allowed) {
  if (origin.empty()) return std::nullopt;
  const std::string o = lower(origin);
  for (const std::string& entry : allowed) {
    if (entry == "*" || lower(entry) == o) return std::nullopt;
  }
  // The hub's own pages: the Origin names the host the request went to.
  // A browser sets both headers itself: no page can choose them.
  const auto sep = o.find("://");
  if (sep != std::string::npos && !host.empty()) {
    const std::string_view scheme = std::string_view(o).substr(0, sep);
    if ((scheme == "http" || scheme == "https") && authority(o.substr(sep + 3), scheme) == authority(host, scheme)) {
      return std::nullopt;
    }
  }
  return "origin " + std::string(origin) + " may not use this hub (access.allowed_origins)";
}

}  // namespace hallcast
