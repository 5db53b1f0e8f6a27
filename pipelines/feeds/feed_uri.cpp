#include "feeds/feed_uri.h"

#include <regex>

namespace hallcast {
namespace {

// scheme://[userinfo@]host[:port][/path][?query]
const std::regex kUri(R"(^([a-z]+)://(?:([^@/?#]*)@)?(\[[0-9a-fA-F:.]+\]|[^:/?#]*)(?::([0-9]{1,5}))?([^?#]*)(?:\?([^#]*))?$)");

// Query keys whose values are secrets (SRT passphrases, stream keys, tokens).
bool secretKey(const std::string& key) {
  static const std::regex secret("passphrase|password|pass|key|token|secret|auth",
                                 std::regex::icase);
  return std::regex_search(key, secret);
}

std::string redactQuery(const std::string& query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    const auto eq = pair.find('=');
    if (eq != std::string::npos && secretKey(pair.substr(0, eq))) pair = pair.substr(0, eq + 1) + "***";
    if (!out.empty()) out += '&';
    out += pair;
    start = end + 1;
  }
  return out;
}

}  // namespace

const char* schemeName(FeedScheme scheme) {
  switch (scheme) {
    case FeedScheme::kTest: return "test";
    case FeedScheme::kFile: return "file";
    case FeedScheme::kSrt: return "srt";
    case FeedScheme::kRtsp: return "rtsp";
    case FeedScheme::kRtmp: return "rtmp";
    case FeedScheme::kWhip: return "whip";
  }
  return "?";
}

std::variant<FeedUri, std::string> parseFeedUri(const std::string& uri) {
  std::smatch m;
  if (!std::regex_match(uri, m, kUri)) {
    return std::string("is not a URI of the form scheme://… (test://, file:///path, srt://, rtsp://, rtmp://, whip://)");
  }
  FeedUri out;
  out.uri = uri;
  const std::string scheme = m[1];
  const std::string userinfo = m[2];
  out.host = m[3];
  const std::string port = m[4];
  const std::string path = m[5];
  const std::string query = m[6];
  if (!port.empty()) {
    out.port = std::stoi(port);
    if (out.port < 1 || out.port > 65535) return std::string("has a port outside 1..65535");
  }

  if (scheme == "test") {
    out.scheme = FeedScheme::kTest;
  } else if (scheme == "file") {
    out.scheme = FeedScheme::kFile;
    if (!out.host.empty() && out.host != "localhost") {
      return std::string("file:// URIs name a local file: file:///path/to/recording.mp4");
    }
    if (path.empty() || path[0] != '/') return std::string("file:// needs an absolute path: file:///path");
    out.host.clear();
    out.path = path;
  } else if (scheme == "srt") {
    out.scheme = FeedScheme::kSrt;
    if (out.port == 0) return std::string("srt:// needs a port, e.g. srt://:9000?mode=listener");
    static const std::regex listener("(^|&)mode=listener(&|$)");
    out.srt_listener = std::regex_search(query, listener) || out.host.empty();
    if (!out.srt_listener && out.host.empty()) return std::string("srt:// caller needs a host");
  } else if (scheme == "rtsp" || scheme == "rtsps") {
    out.scheme = FeedScheme::kRtsp;
    if (out.host.empty()) return std::string("rtsp:// needs a host");
  } else if (scheme == "rtmp") {
    out.scheme = FeedScheme::kRtmp;
    if (out.host.empty()) return std::string("rtmp:// needs a host");
    if (path.size() < 2) return std::string("rtmp:// needs an application and stream, e.g. rtmp://host/live/hall1");
  } else if (scheme == "whip") {
    out.scheme = FeedScheme::kWhip;
    if (!out.host.empty() || (!path.empty() && path != "/") || !query.empty()) {
      return std::string("whip:// takes nothing more: publishers POST to /whip/<room> with a staff token");
    }
  } else {
    return "has an unknown scheme \"" + scheme + "\" (expected test, file, srt, rtsp, rtmp or whip)";
  }

  out.redacted = scheme + "://";
  if (!userinfo.empty()) {
    const auto colon = userinfo.find(':');
    out.redacted += (colon == std::string::npos ? std::string("***") : userinfo.substr(0, colon) + ":***") + "@";
  }
  out.redacted += out.host;
  if (!port.empty()) out.redacted += ":" + port;
  out.redacted += path;
  if (!query.empty()) out.redacted += "?" + redactQuery(query);
  return out;
}

}  // namespace hallcast
