#include "media/ice_servers.h"

#include <glib.h>

namespace hallcast {
namespace {

// RFC 3986 userinfo: what webrtcbin's turn:// URI carries the credentials in.
std::string userinfoEscape(const std::string& text) {
  char* escaped = g_uri_escape_string(text.c_str(), nullptr, FALSE);
  std::string out(escaped);
  g_free(escaped);
  return out;
}

// An RFC 8288 quoted-string (the config checked nothing else needs it).
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

WebRtcOptions webRtcOptions(const WebRtcConfig& config) {
  WebRtcOptions options;
  options.min_port = config.udp_port_min;
  options.max_port = config.udp_port_max;
  for (const IceServer& server : config.ice_servers) {
    // "stun:host:port" → "stun://host:port"; TURN with user:password@.
    const std::size_t colon = server.url.find(':');
    const std::string scheme = server.url.substr(0, colon);
    const std::string rest = server.url.substr(colon + 1);
    if (scheme == "stun" || scheme == "stuns") {
      if (options.stun_server.empty()) options.stun_server = "stun://" + rest;
    } else {
      options.turn_servers.push_back(scheme + "://" + userinfoEscape(server.username) + ":" +
                                     userinfoEscape(server.credential) + "@" + rest);
    }
  }
  return options;
}

std::vector<std::string> iceServerLinks(const WebRtcConfig& config) {
  std::vector<std::string> links;
  for (const IceServer& server : config.ice_servers) {
    std::string link = "<" + server.url + ">; rel=\"ice-server\"";
    if (!server.username.empty()) {
      link += "; username=" + quoted(server.username) + "; credential=" + quoted(server.credential) +
              "; credential-type=\"password\"";
    }
    links.push_back(std::move(link));
  }
  return links;
}

}  // namespace hallcast
