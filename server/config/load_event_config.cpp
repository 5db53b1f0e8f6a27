// Reads config/event.yaml with yaml-cpp and checks it against the schema in
// event_config.h, in three steps: the YAML, each section naming each of its
// keys once (ConfigSection); then the environment's overrides; then the
// checks that look at the disk. Every problem is reported with its file,
// line and key, and all of them are reported at once so the operator fixes
// the file in one go.

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

void readAlerts(ConfigSection s, AlertThresholds& a) {
  s.number<uint32_t>("down_seconds", 1, 3600, a.down_seconds);
  s.number<uint32_t>("silence_seconds", 1, 3600, a.silence_seconds);
  s.number<uint32_t>("black_seconds", 1, 3600, a.black_seconds);
  s.number<uint32_t>("bitrate_drop_percent", 1, 99, a.bitrate_drop_percent);
  s.finish();
}

void readMedia(ConfigSection s, MediaConfig& media) {
  s.boolean("enabled", media.enabled);
  s.number<uint32_t>("segment_ms", 500, 10000, media.segment_ms);
  const ConfigKey part = s.key("part_ms");
  part.number<uint32_t>(0, 500, media.part_ms);
  s.number<uint32_t>("playlist_segments", 3, 100, media.playlist_segments);
  s.number<uint32_t>("feed_timeout_ms", 200, 30000, media.feed_timeout_ms);
  s.number<uint32_t>("snapshot_interval_ms", 1000, 60000, media.snapshot_interval_ms);
  s.number<uint32_t>("recording_file_seconds", 2, 86400, media.recording_file_seconds);
  readAlerts(s.section("alerts"), media.alerts);
  s.finish();
  if (media.part_ms > 0 && (media.part_ms < 100 || 2 * media.part_ms > media.segment_ms)) {
    // Shorter parts cost a request each for little gain; a segment must
    // hold at least two for parts to mean anything.
    part.error("must be 0 (no LL-HLS parts) or 100 to 500 and at most half of media.segment_ms (" +
               std::to_string(media.segment_ms) + ")");
  }
}

void readLimits(ConfigSection s, Limits& limits) {
  s.number<uint32_t>("max_frame_bytes", 1024, 16u << 20, limits.max_frame_bytes);
  s.number<uint32_t>("max_chat_chars", 1, 10000, limits.max_chat_chars);
  s.number<double>("requests_per_second", 0.01, 100000, limits.requests_per_second);
  s.number<uint32_t>("request_burst", 1, 100000, limits.request_burst);
  s.number<uint32_t>("send_queue_bytes", 64u << 10, 1u << 30, limits.send_queue_bytes);
  s.number<uint32_t>("replay_events", 1, 100000, limits.replay_events);
  const ConfigKey recent = s.key("recent_events");
  recent.number<uint32_t>(0, 1000, limits.recent_events);
  s.number<uint32_t>("hello_timeout_seconds", 1, 3600, limits.hello_timeout_seconds);
  s.number<uint32_t>("write_interval_ms", 0, 1000, limits.write_interval_ms);
  s.number<uint32_t>("ping_interval_seconds", 1, 3600, limits.ping_interval_seconds);
  s.number<uint32_t>("connections_per_ip", 0, 1000000, limits.connections_per_ip);
  s.finish();
  if (limits.recent_events > limits.replay_events) recent.error("must not exceed limits.replay_events");
}

void readStorage(ConfigSection s, StorageConfig& storage) {
  const ConfigKey sync = s.key("sync");
  s.finish();
  if (auto text = sync.string()) {
    if (*text == "normal") {
      storage.sync = SyncMode::kNormal;
    } else if (*text == "full") {
      storage.sync = SyncMode::kFull;
    } else {
      sync.error("must be normal or full (got \"" + *text + "\")");
    }
  }
}

// An origin (RFC 6454): http(s)://HOST[:PORT], no path, HOST a name, an
// IPv4 address or a bracketed IPv6 address.
bool isHttpOrigin(const std::string& text) {
  static const std::regex kOrigin(R"(https?://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?)");
  return std::regex_match(text, kOrigin);
}

// Gives access.secret's key: HALLCAST_SECRET may stand in for it, so its
// length is checked with the environment (applyEnvironment).
ConfigKey readAccess(ConfigSection s, AccessConfig& access) {
  const ConfigKey secret = s.key("secret");
  access.secret = secret.string().value_or("");
  const ConfigKey origins = s.key("allowed_origins");
  s.finish();
  if (!origins.given()) return secret;
  if (!origins.node().IsSequence()) {
    origins.error("must be a list of origins, e.g. [\"https://forum.example.org\"]");
    return secret;
  }
  for (std::size_t i = 0; i < origins.node().size(); ++i) {
    const ConfigKey entry = origins[i];
    const std::string origin = entry.node().IsScalar() ? entry.node().as<std::string>() : "";
    if (origin != "*" && !isHttpOrigin(origin)) {
      entry.error("must be \"*\" or scheme://host[:port] with no path (got \"" + origin + "\")");
    } else {
      access.allowed_origins.push_back(origin);
    }
  }
  return secret;
}

// moderation: {blocked_words: [...]}: non-empty strings of at most 100
// characters, at most 1000 of them.
void readModeration(ConfigSection s, ModerationConfig& moderation) {
  const ConfigKey words = s.key("blocked_words");
  s.finish();
  if (!words.given()) return;
  if (!words.node().IsSequence()) {
    words.error("must be a list of words, e.g. [spam, 广告]");
    return;
  }
  const std::size_t count = words.node().size();
  if (count > kMaxBlockedWords) {
    words.error("has " + std::to_string(count) + " entries; the limit is " + std::to_string(kMaxBlockedWords));
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    const ConfigKey word = words[i];
    if (!word.node().IsScalar()) {
      word.error("must be a string");
      continue;
    }
    const std::string& text = word.node().Scalar();
    if (!isValidUtf8(text)) {
      word.error("is not valid UTF-8");
      continue;
    }
    const std::string_view trimmed = trimSpace(text);
    if (trimmed.empty()) {
      word.error("must not be empty");
    } else if (countCodePoints(trimmed) > kMaxBlockedWordChars) {
      word.error("is " + std::to_string(countCodePoints(trimmed)) + " characters long; the limit is " +
                 std::to_string(kMaxBlockedWordChars));
    } else {
      moderation.blocked_words.emplace_back(trimmed);
    }
  }
}

// cluster: {redis: "redis://host:port", node_id: "hub-a", advertise_url:
// "http://host:port"}, as written: HALLCAST_REDIS, HALLCAST_NODE_ID and
// HALLCAST_ADVERTISE_URL may stand in for each (one file, many nodes), so
// they are checked with the environment (applyEnvironment).
struct WrittenString {
  ConfigKey key;
  std::optional<std::string> value;
};
struct ClusterKeys {
  ConfigKey section;
  WrittenString redis;
  WrittenString node_id;
  WrittenString advertise_url;
};

ClusterKeys readCluster(ConfigSection s) {
  const auto read = [&s](const char* name) {
    const ConfigKey key = s.key(name);
    return WrittenString{key, key.string()};
  };
  // Braces: read left to right, so the keys are listed in this order.
  ClusterKeys keys{s.at(), read("redis"), read("node_id"), read("advertise_url")};
  s.finish();
  return keys;
}

void readWebRtc(ConfigSection s, WebRtcConfig& webrtc) {
  s.boolean("enabled", webrtc.enabled);
  s.number<uint32_t>("max_viewers", 0, 10000, webrtc.max_viewers);
  s.number<uint32_t>("max_viewers_per_address", 1, 10000, webrtc.max_viewers_per_address);
  const ConfigKey servers = s.key("ice_servers");
  const ConfigKey port_min = s.key("udp_port_min");
  port_min.number<uint16_t>(1024, 65535, webrtc.udp_port_min);
  s.number<uint16_t>("udp_port_max", 1024, 65535, webrtc.udp_port_max);
  s.finish();
  if ((webrtc.udp_port_min == 0) != (webrtc.udp_port_max == 0) || webrtc.udp_port_min > webrtc.udp_port_max) {
    port_min.errorAtParent("udp_port_min and udp_port_max go together, min <= max");
  }
  if (!servers.given()) return;
  if (!servers.node().IsSequence()) {
    servers.error("must be a list of {url, username, credential}");
    return;
  }
  static const std::regex kIceUrl(R"((stun|stuns|turn|turns):([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(\?transport=(udp|tcp))?)");
  for (std::size_t i = 0; i < servers.node().size(); ++i) {
    ConfigSection entry(servers[i]);
    if (!entry.ok()) continue;
    IceServer server;
    const ConfigKey url = entry.key("url");
    server.url = url.string(true).value_or("");
    server.username = entry.string("username").value_or("");
    server.credential = entry.string("credential").value_or("");
    entry.finish();
    if (server.url.empty()) continue;
    std::smatch m;
    if (!std::regex_match(server.url, m, kIceUrl)) {
      url.error("must be stun:HOST[:PORT] or turn(s):HOST[:PORT][?transport=udp|tcp] (got \"" + server.url + "\")");
      continue;
    }
    const bool turn = server.url.starts_with("turn");
    if (turn && (server.username.empty() || server.credential.empty())) {
      entry.at().error("a TURN server needs username and credential");
      continue;
    }
    webrtc.ice_servers.push_back(std::move(server));
  }
}

// tls: {cert_file: PATH, key_file: PATH}: both or neither. The files are
// read when the hub starts (serve.cpp), not here: check-config may run
// where they are not.
void readTls(ConfigSection s, TlsConfig& tls) {
  tls.cert_file = s.string("cert_file", true).value_or("");
  tls.key_file = s.string("key_file", true).value_or("");
  s.finish();
}

// Gives event.time_zone's key: the zone is looked up in the tz database
// with the other checks on disk (checkFiles).
ConfigKey readEvent(ConfigSection s, EventConfig& cfg) {
  cfg.id = s.string("id", true).value_or("");
  cfg.title = s.title("title", true);
  cfg.theme = s.title("theme", false);
  cfg.venue = s.string("venue").value_or("");
  const ConfigKey time_zone = s.key("time_zone");
  cfg.time_zone = time_zone.string(true).value_or("");
  s.finish();
  return time_zone;
}

// HALLCAST_SECRET, HALLCAST_REDIS, HALLCAST_NODE_ID and
// HALLCAST_ADVERTISE_URL, when set, take precedence over the file; then the
// values in force are checked, a problem with one from the environment
// naming the variable (at the file's top) and never quoting a secret.
void applyEnvironment(const ConfigKey& top, const ConfigKey& secret, const ClusterKeys& cluster, EventConfig& cfg) {
  ConfigReader& r = top.reader();
  const char* secret_env = std::getenv("HALLCAST_SECRET");
  if (secret_env) cfg.access.secret = secret_env;
  if (!cfg.access.secret.empty() && cfg.access.secret.size() < kMinSecretBytes) {
    const std::string message =
        "must be at least " + std::to_string(kMinSecretBytes) + " bytes (e.g. `openssl rand -hex 32`)";
    if (secret_env) r.error(top.node(), "HALLCAST_SECRET", message);
    else secret.error(message);
  }

  const char* redis_env = std::getenv("HALLCAST_REDIS");
  std::optional<std::string> url = cluster.redis.value;
  std::optional<std::string> node_id = cluster.node_id.value;
  std::optional<std::string> advertise = cluster.advertise_url.value;
  if (redis_env) {
    url = redis_env;
  } else if (cluster.section.given() && cluster.section.node().IsMap()) {
    // Without HALLCAST_REDIS the file's cluster section needs its own.
    if (!cluster.redis.key.given()) cluster.redis.key.errorAtParent("is required");
    if (url && url->empty()) {
      cluster.redis.key.error("must not be empty");
      url.reset();
    }
  }
  if (const char* env = std::getenv("HALLCAST_NODE_ID")) node_id = env;
  if (const char* env = std::getenv("HALLCAST_ADVERTISE_URL")) advertise = env;
  if (!url) return;
  const YAML::Node& at = cluster.section.given() ? cluster.section.node() : top.node();
  RedisUrlResult parsed = parseRedisUrl(*url);
  if (!parsed.address) {
    r.error(at, redis_env ? "HALLCAST_REDIS" : cluster.redis.key.path(), parsed.error);
    return;
  }
  static const std::regex kNodeId("[a-z0-9][a-z0-9-]{0,31}");
  if (!node_id) {
    r.error(at, cluster.node_id.key.path(), "is required in cluster mode (e.g. hub-a; or set HALLCAST_NODE_ID)");
  } else if (!std::regex_match(*node_id, kNodeId)) {
    r.error(at, cluster.node_id.key.path(), "must be 1-32 lowercase letters, digits or '-' (got \"" + *node_id + "\")");
  }
  // An origin only: the path of each request is appended to it.
  if (advertise && !isHttpOrigin(*advertise)) {
    r.error(at, cluster.advertise_url.key.path(),
            "must be http(s)://HOST:PORT with no path (got \"" + *advertise + "\")");
  }
  cfg.cluster.redis = std::move(parsed.address);
  cfg.cluster.node_id = node_id.value_or("");
  cfg.cluster.advertise_url = advertise.value_or("");
}

// The checks that look at the disk, last: the time zone in the tz database,
// and booth logos, files next to the configuration (in `dir`; not looked
// for in a configuration read from text), made absolute.
void checkFiles(ConfigReader& r, const ConfigKey& time_zone, const std::optional<std::filesystem::path>& dir,
                EventConfig& cfg) {
  if (!cfg.time_zone.empty() && !validTimeZone(cfg.time_zone)) {
    time_zone.error("must be an IANA time zone such as Asia/Shanghai (got \"" + cfg.time_zone + "\")");
  }
  if (!dir) return;
  for (RoomConfig& room : cfg.rooms) {
    if (!room.booth || room.booth->logo.empty()) continue;
    const std::filesystem::path logo = *dir / room.booth->logo;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(logo, ec)) {
      r.error("booth " + room.id + ".logo", "no such file: " + logo.string());
    }
    room.booth->logo = logo.lexically_normal().string();
  }
}

// The file (`dir`: its directory, when it is one), in three steps: the
// YAML, the environment, the disk.
ConfigLoadResult readEventConfig(const std::string& text, const std::string& file,
                                 const std::optional<std::filesystem::path>& dir) {
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
  const ConfigKey top_key(r, root);
  ConfigSection top(top_key);
  if (!top.ok()) return result;
  EventConfig& cfg = result.config;
  const ConfigKey time_zone = readEvent(top.section("event", "is required (with id, title and time_zone)"), cfg);
  readRooms(top.key("rooms"), cfg);
  readLimits(top.section("limits"), cfg.limits);
  readStorage(top.section("storage"), cfg.storage);
  readMedia(top.section("media"), cfg.media);
  readWebRtc(top.section("webrtc"), cfg.webrtc);
  const ConfigKey secret = readAccess(top.section("access"), cfg.access);
  readModeration(top.section("moderation"), cfg.moderation);
  const ClusterKeys cluster = readCluster(top.section("cluster"));
  readTls(top.section("tls"), cfg.tls);
  top.finish();

  applyEnvironment(top_key, secret, cluster, cfg);
  checkFiles(r, time_zone, dir, cfg);
  return result;
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
  return readEventConfig(text, file, std::nullopt);
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
  // Booth logos are files next to the configuration: found now, so that
  // check-config names one that is missing.
  return readEventConfig(text.str(), path, std::filesystem::absolute(path).parent_path());
}

}  // namespace hallcast
