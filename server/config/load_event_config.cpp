// Reads config/event.yaml with yaml-cpp and checks it against the schema in
// event_config.h. Every problem is reported with its file, line and key, and
// all of them are reported at once so the operator fixes the file in one go.

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "common/utf8.h"
#include "config/config_reader.h"
#include "config/event_config.h"
#include "config/read_rooms.h"

namespace hallcast {
namespace {

bool validTimeZone(const std::string& tz) {
  static const std::regex shape("[A-Za-z_]+(/[A-Za-z0-9_+-]+)*|UTC");
  if (!std::regex_match(tz, shape)) return false;
  // Check the tz database when it is installed (package tzdata).
  const std::filesystem::path db = "/usr/share/zoneinfo";
  return !std::filesystem::is_directory(db) || std::filesystem::exists(db / tz);
}

void readMedia(ConfigReader& r, const YAML::Node& root, MediaConfig& media) {
  const YAML::Node node = root["media"];
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.map(node, "media", {"enabled", "segment_ms", "part_ms", "playlist_segments", "feed_timeout_ms",
                               "snapshot_interval_ms", "recording_file_seconds", "alerts"})) return;
  r.boolean(node, "media", "enabled", media.enabled);
  r.number<uint32_t>(node, "media", "segment_ms", 500, 10000, media.segment_ms);
  r.number<uint32_t>(node, "media", "playlist_segments", 3, 100, media.playlist_segments);
  r.number<uint32_t>(node, "media", "part_ms", 0, 500, media.part_ms);
  if (media.part_ms > 0 && (media.part_ms < 100 || 2 * media.part_ms > media.segment_ms)) {
    // Shorter parts cost a request each for little gain; a segment must
    // hold at least two for parts to mean anything.
    r.error(node["part_ms"], "media.part_ms",
            "must be 0 (no LL-HLS parts) or 100 to 500 and at most half of media.segment_ms (" +
                std::to_string(media.segment_ms) + ")");
  }
  r.number<uint32_t>(node, "media", "feed_timeout_ms", 200, 30000, media.feed_timeout_ms);
  r.number<uint32_t>(node, "media", "snapshot_interval_ms", 1000, 60000, media.snapshot_interval_ms);
  r.number<uint32_t>(node, "media", "recording_file_seconds", 2, 86400, media.recording_file_seconds);
  const YAML::Node alerts = node["alerts"];
  if (!alerts.IsDefined() || alerts.IsNull()) return;
  if (!r.map(alerts, "media.alerts", {"down_seconds", "silence_seconds", "black_seconds", "bitrate_drop_percent"})) {
    return;
  }
  AlertThresholds& a = media.alerts;
  r.number<uint32_t>(alerts, "media.alerts", "down_seconds", 1, 3600, a.down_seconds);
  r.number<uint32_t>(alerts, "media.alerts", "silence_seconds", 1, 3600, a.silence_seconds);
  r.number<uint32_t>(alerts, "media.alerts", "black_seconds", 1, 3600, a.black_seconds);
  r.number<uint32_t>(alerts, "media.alerts", "bitrate_drop_percent", 1, 99, a.bitrate_drop_percent);
}

void readLimits(ConfigReader& r, const YAML::Node& root, Limits& limits) {
  const YAML::Node node = root["limits"];
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.map(node, "limits",
             {"max_frame_bytes", "max_chat_chars", "requests_per_second", "request_burst",
              "send_queue_bytes", "replay_events", "recent_events", "hello_timeout_seconds",
              "write_interval_ms", "ping_interval_seconds", "connections_per_ip"}))
    return;
  r.number<uint32_t>(node, "limits", "max_frame_bytes", 1024, 16u << 20, limits.max_frame_bytes);
  r.number<uint32_t>(node, "limits", "max_chat_chars", 1, 10000, limits.max_chat_chars);
  r.number<double>(node, "limits", "requests_per_second", 0.01, 100000, limits.requests_per_second);
  r.number<uint32_t>(node, "limits", "request_burst", 1, 100000, limits.request_burst);
  r.number<uint32_t>(node, "limits", "send_queue_bytes", 64u << 10, 1u << 30, limits.send_queue_bytes);
  r.number<uint32_t>(node, "limits", "replay_events", 1, 100000, limits.replay_events);
  r.number<uint32_t>(node, "limits", "recent_events", 0, 1000, limits.recent_events);
  r.number<uint32_t>(node, "limits", "hello_timeout_seconds", 1, 3600, limits.hello_timeout_seconds);
  r.number<uint32_t>(node, "limits", "write_interval_ms", 0, 1000, limits.write_interval_ms);
  r.number<uint32_t>(node, "limits", "ping_interval_seconds", 1, 3600, limits.ping_interval_seconds);
  r.number<uint32_t>(node, "limits", "connections_per_ip", 0, 1000000, limits.connections_per_ip);
  if (limits.recent_events > limits.replay_events) {
    r.error(node["recent_events"], "limits.recent_events", "must not exceed limits.replay_events");
  }
}

void readStorage(ConfigReader& r, const YAML::Node& root, StorageConfig& storage) {
  const YAML::Node node = root["storage"];
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.map(node, "storage", {"sync"})) return;
  if (auto sync = r.string(node, "storage", "sync", false)) {
    if (*sync == "normal") {
      storage.sync = SyncMode::kNormal;
    } else if (*sync == "full") {
      storage.sync = SyncMode::kFull;
    } else {
      r.error(node["sync"], "storage.sync", "must be normal or full (got \"" + *sync + "\")");
    }
  }
}

// An origin (RFC 6454): http(s)://HOST[:PORT], no path, HOST a name, an
// IPv4 address or a bracketed IPv6 address.
bool isHttpOrigin(const std::string& text) {
  static const std::regex kOrigin(R"(https?://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?)");
  return std::regex_match(text, kOrigin);
}

void readAccess(ConfigReader& r, const YAML::Node& root, AccessConfig& access) {
  const YAML::Node node = root["access"];
  if (node.IsDefined() && !node.IsNull() && r.map(node, "access", {"secret", "allowed_origins"})) {
    access.secret = r.string(node, "access", "secret", false).value_or("");
    const YAML::Node origins = node["allowed_origins"];
    if (origins.IsDefined() && !origins.IsNull()) {
      if (!origins.IsSequence()) {
        r.error(origins, "access.allowed_origins", "must be a list of origins, e.g. [\"https://forum.example.org\"]");
      } else {
        for (std::size_t i = 0; i < origins.size(); ++i) {
          const std::string key = "access.allowed_origins[" + std::to_string(i) + "]";
          const std::string origin = origins[i].IsScalar() ? origins[i].as<std::string>() : "";
          if (origin != "*" && !isHttpOrigin(origin)) {
            r.error(origins[i], key, "must be \"*\" or scheme://host[:port] with no path (got \"" + origin + "\")");
          } else {
            access.allowed_origins.push_back(origin);
          }
        }
      }
    }
  }
  const bool from_env = std::getenv("HALLCAST_SECRET") != nullptr;
  if (from_env) access.secret = std::getenv("HALLCAST_SECRET");
  if (!access.secret.empty() && access.secret.size() < kMinSecretBytes) {
    // The message never quotes the secret.
    r.error(from_env ? root : node["secret"], from_env ? "HALLCAST_SECRET" : "access.secret",
            "must be at least " + std::to_string(kMinSecretBytes) + " bytes (e.g. `openssl rand -hex 32`)");
  }
}

// moderation: {blocked_words: [...]}: non-empty strings of at most 100
// characters, at most 1000 of them.
void readModeration(ConfigReader& r, const YAML::Node& root, ModerationConfig& moderation) {
  const YAML::Node node = root["moderation"];
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.map(node, "moderation", {"blocked_words"})) return;
  const YAML::Node words = node["blocked_words"];
  if (!words.IsDefined() || words.IsNull()) return;
  const std::string key = "moderation.blocked_words";
  if (!words.IsSequence()) {
    r.error(words, key, "must be a list of words, e.g. [spam, 广告]");
    return;
  }
  if (words.size() > kMaxBlockedWords) {
    r.error(words, key,
            "has " + std::to_string(words.size()) + " entries; the limit is " + std::to_string(kMaxBlockedWords));
    return;
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    const YAML::Node word = words[i];
    const std::string word_key = key + "[" + std::to_string(i) + "]";
    if (!word.IsScalar()) {
      r.error(word, word_key, "must be a string");
      continue;
    }
    const std::string& text = word.Scalar();
    if (!isValidUtf8(text)) {
      r.error(word, word_key, "is not valid UTF-8");
      continue;
    }
    const std::string_view trimmed = trimSpace(text);
    if (trimmed.empty()) {
      r.error(word, word_key, "must not be empty");
    } else if (countCodePoints(trimmed) > kMaxBlockedWordChars) {
      r.error(word, word_key,
              "is " + std::to_string(countCodePoints(trimmed)) + " characters long; the limit is " +
                  std::to_string(kMaxBlockedWordChars));
    } else {
      moderation.blocked_words.emplace_back(trimmed);
    }
  }
}

// cluster: {redis: "redis://host:port", node_id: "hub-a", advertise_url:
// "http://host:port"}; HALLCAST_REDIS, HALLCAST_NODE_ID and
// HALLCAST_ADVERTISE_URL, when set, take precedence (one file, many nodes).
void readCluster(ConfigReader& r, const YAML::Node& root, ClusterConfig& cluster) {
  const YAML::Node node = root["cluster"];
  const bool in_file = node.IsDefined() && !node.IsNull();
  std::optional<std::string> url;
  std::optional<std::string> node_id;
  std::optional<std::string> advertise;
  if (in_file && r.map(node, "cluster", {"redis", "node_id", "advertise_url"})) {
    url = r.string(node, "cluster", "redis", !std::getenv("HALLCAST_REDIS"));
    node_id = r.string(node, "cluster", "node_id", false);
    advertise = r.string(node, "cluster", "advertise_url", false);
  }
  if (const char* env = std::getenv("HALLCAST_REDIS")) url = env;
  if (const char* env = std::getenv("HALLCAST_NODE_ID")) node_id = env;
  if (const char* env = std::getenv("HALLCAST_ADVERTISE_URL")) advertise = env;
  if (!url) return;
  const YAML::Node at = in_file ? node : root;
  RedisUrlResult parsed = parseRedisUrl(*url);
  if (!parsed.address) {
    r.error(at, std::getenv("HALLCAST_REDIS") ? "HALLCAST_REDIS" : "cluster.redis", parsed.error);
    return;
  }
  static const std::regex kNodeId("[a-z0-9][a-z0-9-]{0,31}");
  if (!node_id) {
    r.error(at, "cluster.node_id", "is required in cluster mode (e.g. hub-a; or set HALLCAST_NODE_ID)");
  } else if (!std::regex_match(*node_id, kNodeId)) {
    r.error(at, "cluster.node_id", "must be 1-32 lowercase letters, digits or '-' (got \"" + *node_id + "\")");
  }
  // An origin only: the path of each request is appended to it.
  if (advertise && !isHttpOrigin(*advertise)) {
    r.error(at, "cluster.advertise_url",
            "must be http(s)://HOST:PORT with no path (got \"" + *advertise + "\")");
  }
  cluster.redis = std::move(parsed.address);
  cluster.node_id = node_id.value_or("");
  cluster.advertise_url = advertise.value_or("");
}

void readWebRtc(ConfigReader& r, const YAML::Node& root, WebRtcConfig& webrtc) {
  const YAML::Node node = root["webrtc"];
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.map(node, "webrtc",
             {"enabled", "max_viewers", "max_viewers_per_address", "ice_servers", "udp_port_min", "udp_port_max"})) {
    return;
  }
  r.boolean(node, "webrtc", "enabled", webrtc.enabled);
  r.number<uint32_t>(node, "webrtc", "max_viewers", 0, 10000, webrtc.max_viewers);
  r.number<uint32_t>(node, "webrtc", "max_viewers_per_address", 1, 10000, webrtc.max_viewers_per_address);
  r.number<uint16_t>(node, "webrtc", "udp_port_min", 1024, 65535, webrtc.udp_port_min);
  r.number<uint16_t>(node, "webrtc", "udp_port_max", 1024, 65535, webrtc.udp_port_max);
  if ((webrtc.udp_port_min == 0) != (webrtc.udp_port_max == 0) || webrtc.udp_port_min > webrtc.udp_port_max) {
    r.error(node, "webrtc.udp_port_min", "udp_port_min and udp_port_max go together, min <= max");
  }
  const YAML::Node servers = node["ice_servers"];
  if (!servers.IsDefined() || servers.IsNull()) return;
  if (!servers.IsSequence()) {
    r.error(servers, "webrtc.ice_servers", "must be a list of {url, username, credential}");
    return;
  }
  static const std::regex kIceUrl(R"((stun|stuns|turn|turns):([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(\?transport=(udp|tcp))?)");
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const std::string key = "webrtc.ice_servers[" + std::to_string(i) + "]";
    if (!r.map(servers[i], key, {"url", "username", "credential"})) continue;
    IceServer server;
    server.url = r.string(servers[i], key, "url", true).value_or("");
    server.username = r.string(servers[i], key, "username", false).value_or("");
    server.credential = r.string(servers[i], key, "credential", false).value_or("");
    if (server.url.empty()) continue;
    std::smatch m;
    if (!std::regex_match(server.url, m, kIceUrl)) {
      r.error(servers[i]["url"], key + ".url",
              "must be stun:HOST[:PORT] or turn(s):HOST[:PORT][?transport=udp|tcp] (got \"" + server.url + "\")");
      continue;
    }
    const bool turn = server.url.starts_with("turn");
    if (turn && (server.username.empty() || server.credential.empty())) {
      r.error(servers[i], key, "a TURN server needs username and credential");
      continue;
    }
    webrtc.ice_servers.push_back(std::move(server));
  }
}

// tls: {cert_file: PATH, key_file: PATH}: both or neither.
void readTls(ConfigReader& r, const YAML::Node& root, TlsConfig& tls) {
  const YAML::Node node = root["tls"];
  if (!node.IsDefined() || node.IsNull() || !r.map(node, "tls", {"cert_file", "key_file"})) return;
  tls.cert_file = r.string(node, "tls", "cert_file", true).value_or("");
  tls.key_file = r.string(node, "tls", "key_file", true).value_or("");
}

}  // namespace

const RoomConfig* EventConfig::findRoom(std::string_view room_id) const {
  for (const auto& room : rooms) {
    if (room.id == room_id) return &room;
  }
  return nullptr;
}

std::string ConfigError::toString() const {
  std::ostringstream out;
  out << file;
  if (line > 0) out << ':' << line << ':' << column;
  out << ": ";
  if (!key.empty()) out << key << ": ";
  out << message;
  return out.str();
}

ConfigLoadResult parseEventConfig(const std::string& text, const std::string& file) {
  ConfigLoadResult result;
  ConfigReader r(file, result.errors);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    ConfigError err;
    err.file = file;
    err.line = e.mark.line + 1;
    err.column = e.mark.column + 1;
    err.message = "YAML syntax error: " + e.msg;
    result.errors.push_back(std::move(err));
    return result;
  }
  if (!r.map(root, "", {"event", "rooms", "limits", "storage", "media", "webrtc", "access", "moderation", "cluster",
                           "tls"})) {
    return result;
  }

  EventConfig& cfg = result.config;
  const YAML::Node event = root["event"];
  if (!event.IsDefined() || event.IsNull()) {
    r.error(root, "event", "is required (with id, title and time_zone)");
  } else if (r.map(event, "event", {"id", "title", "theme", "venue", "time_zone"})) {
    cfg.id = r.string(event, "event", "id", true).value_or("");
    cfg.title = r.title(event, "event", "title", true);
    cfg.theme = r.title(event, "event", "theme", false);
    cfg.venue = r.string(event, "event", "venue", false).value_or("");
    if (auto tz = r.string(event, "event", "time_zone", true)) {
      if (!validTimeZone(*tz)) {
        r.error(event["time_zone"], "event.time_zone",
                "must be an IANA time zone such as Asia/Shanghai (got \"" + *tz + "\")");
      }
      cfg.time_zone = *tz;
    }
  }
  readRooms(r, root, cfg);
  readLimits(r, root, cfg.limits);
  readStorage(r, root, cfg.storage);
  readMedia(r, root, cfg.media);
  readAccess(r, root, cfg.access);
  readModeration(r, root, cfg.moderation);
  readCluster(r, root, cfg.cluster);
  readTls(r, root, cfg.tls);
  readWebRtc(r, root, cfg.webrtc);
  return result;
}

ConfigLoadResult loadEventConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ConfigLoadResult result;
    result.errors.push_back({path, 0, 0, "", "cannot open the file"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  ConfigLoadResult result = parseEventConfig(text.str(), path);
  // Booth logos are files next to the configuration: found now, so that
  // check-config names one that is missing.
  const std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
  for (RoomConfig& room : result.config.rooms) {
    if (!room.booth || room.booth->logo.empty()) continue;
    const std::filesystem::path logo = dir / room.booth->logo;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(logo, ec)) {
      result.errors.push_back({path, 0, 0, "booth " + room.id + ".logo", "no such file: " + logo.string()});
    }
    room.booth->logo = logo.lexically_normal().string();
  }
  return result;
}

}  // namespace hallcast
