// Reads config/event.yaml with yaml-cpp and checks it against the schema in
// event_config.h. Every problem is reported with its file, line and key, and
// all of them are reported at once so the operator fixes the file in one go.

#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "common/utf8.h"
#include "config/event_config.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

class Reader {
 public:
  Reader(std::string file, std::vector<ConfigError>& errors)
      : file_(std::move(file)), errors_(errors) {}

  void error(const YAML::Node& at, const std::string& key, std::string message) {
    ConfigError e;
    e.file = file_;
    const YAML::Mark mark = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    if (mark.line >= 0) {
      e.line = mark.line + 1;
      e.column = mark.column + 1;
    }
    e.key = key;
    e.message = std::move(message);
    errors_.push_back(std::move(e));
  }

  // True when `node` is a mapping whose keys are all in `allowed`; reports
  // each unknown key (a typo would otherwise be silently ignored).
  bool map(const YAML::Node& node, const std::string& key,
           std::initializer_list<const char*> allowed) {
    if (!node.IsMap()) {
      error(node, key, "must be a mapping");
      return false;
    }
    for (const auto& kv : node) {
      const std::string name = kv.first.Scalar();
      bool known = false;
      for (const char* a : allowed) known = known || name == a;
      if (!known) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(kv.first, join(key, name), "unknown key (expected one of: " + list + ")");
      }
    }
    return true;
  }

  std::optional<std::string> string(const YAML::Node& parent, const std::string& parent_key,
                                    const char* name, bool required) {
    const YAML::Node node = parent[name];
    const std::string key = join(parent_key, name);
    if (!node.IsDefined() || node.IsNull()) {
      if (required) error(parent, key, "is required");
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      error(node, key, "must be a string");
      return std::nullopt;
    }
    if (required && node.Scalar().empty()) {
      error(node, key, "must not be empty");
      return std::nullopt;
    }
    return node.Scalar();
  }

  void boolean(const YAML::Node& parent, const std::string& parent_key, const char* name, bool& out) {
    const YAML::Node node = parent[name];
    if (!node.IsDefined() || node.IsNull()) return;  // keep the default
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      error(node, join(parent_key, name), "must be true or false");
      return;
    }
    out = value;
  }

  template <typename T>
  void number(const YAML::Node& parent, const std::string& parent_key, const char* name,
              T min, T max, T& out) {
    const YAML::Node node = parent[name];
    if (!node.IsDefined() || node.IsNull()) return;  // keep the default
    const std::string key = join(parent_key, name);
    T value{};
    if (!node.IsScalar() || !YAML::convert<T>::decode(node, value)) {
      error(node, key, "must be a number");
      return;
    }
    if (value < min || value > max) {
      std::ostringstream msg;
      msg << "must be between " << min << " and " << max << " (got " << node.Scalar() << ")";
      error(node, key, msg.str());
      return;
    }
    out = value;
  }

  LocalizedTitle title(const YAML::Node& parent, const std::string& parent_key,
                       const char* name, bool required) {
    LocalizedTitle out;
    const YAML::Node node = parent[name];
    const std::string key = join(parent_key, name);
    if (!node.IsDefined() || node.IsNull()) {
      if (required) error(parent, key, "is required (with en and zh)");
      return out;
    }
    if (!map(node, key, {"en", "zh"})) return out;
    out.en = string(node, key, "en", true).value_or("");
    out.zh = string(node, key, "zh", true).value_or("");
    return out;
  }

  // An RFC 3339 time with an explicit offset, e.g. 2026-12-08T09:00:00+08:00.
  std::optional<int64_t> time(const YAML::Node& parent, const std::string& parent_key,
                              const char* name) {
    const auto text = string(parent, parent_key, name, true);
    if (!text) return std::nullopt;
    google::protobuf::Timestamp ts;
    if (!TimeUtil::FromString(*text, &ts)) {
      error(parent[name], join(parent_key, name),
            "must be an RFC 3339 time with an offset, e.g. 2026-12-08T09:00:00+08:00 (got \"" +
                *text + "\")");
      return std::nullopt;
    }
    return TimeUtil::TimestampToMilliseconds(ts);
  }

  static std::string join(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : parent + "." + name;
  }

 private:
  std::string file_;
  std::vector<ConfigError>& errors_;
};

std::optional<v1::RoomKind> parseKind(const std::string& s) {
  if (s == "main") return v1::ROOM_KIND_MAIN;
  if (s == "panel") return v1::ROOM_KIND_PANEL;
  if (s == "press") return v1::ROOM_KIND_PRESS;
  if (s == "exhibition") return v1::ROOM_KIND_EXHIBITION;
  if (s == "activity") return v1::ROOM_KIND_ACTIVITY;
  return std::nullopt;
}

bool validTimeZone(const std::string& tz) {
  static const std::regex shape("[A-Za-z_]+(/[A-Za-z0-9_+-]+)*|UTC");
  if (!std::regex_match(tz, shape)) return false;
  // Check the tz database when it is installed (package tzdata).
  const std::filesystem::path db = "/usr/share/zoneinfo";
  return !std::filesystem::is_directory(db) || std::filesystem::exists(db / tz);
}

// feed: {uri: ..., backup: ...}; a room without one shows the test source.
void readFeed(Reader& r, const YAML::Node& room_node, const std::string& room_key, RoomConfig& room) {
  room.feed = std::get<FeedUri>(parseFeedUri("test://"));
  const YAML::Node node = room_node["feed"];
  if (!node.IsDefined() || node.IsNull()) return;
  const std::string key = room_key + ".feed";
  if (!r.map(node, key, {"uri", "backup"})) return;
  const auto parse = [&](const char* name) -> std::optional<FeedUri> {
    const auto text = r.string(node, key, name, std::string(name) == "uri");
    if (!text) return std::nullopt;
    auto parsed = parseFeedUri(*text);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      r.error(node[name], key + "." + name, "room \"" + room.id + "\": " + *error);
      return std::nullopt;
    }
    return std::get<FeedUri>(std::move(parsed));
  };
  if (auto uri = parse("uri")) room.feed = std::move(*uri);
  room.backup = parse("backup");
}

// ladder: [{height: 360, bitrate_kbps: 800}, ...]: up to 4 renditions.
void readLadder(Reader& r, const YAML::Node& room_node, const std::string& room_key, RoomConfig& room) {
  const YAML::Node node = room_node["ladder"];
  if (!node.IsDefined() || node.IsNull()) return;
  const std::string key = room_key + ".ladder";
  const std::string who = "room \"" + room.id + "\": ";
  if (!node.IsSequence() || node.size() > 4) {
    r.error(node, key, who + "must be a list of at most 4 renditions, e.g. [{height: 360, bitrate_kbps: 800}]");
    return;
  }
  std::set<uint32_t> heights;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node entry = node[i];
    const std::string entry_key = key + "[" + std::to_string(i) + "]";
    if (!r.map(entry, entry_key, {"height", "bitrate_kbps"})) continue;
    const auto read = [&](const char* name, uint32_t min, uint32_t max, uint32_t& out) {
      const YAML::Node value = entry[name];
      const std::string value_key = entry_key + "." + name;
      uint32_t v = 0;
      if (!value.IsDefined() || value.IsNull()) {
        r.error(entry, value_key, who + "is required");
      } else if (!value.IsScalar() || !YAML::convert<uint32_t>::decode(value, v) || v < min || v > max) {
        r.error(value, value_key,
                who + "must be a number between " + std::to_string(min) + " and " + std::to_string(max) +
                    " (got " + (value.IsScalar() ? value.Scalar() : std::string("a non-number")) + ")");
      } else {
        out = v;
        return true;
      }
      return false;
    };
    LadderRendition rendition;
    const bool height_ok = read("height", 144, 1080, rendition.height);
    const bool bitrate_ok = read("bitrate_kbps", 100, 20000, rendition.bitrate_kbps);
    if (height_ok && rendition.height % 2 != 0) {
      r.error(entry["height"], entry_key + ".height", who + "must be even (got " + std::to_string(rendition.height) + ")");
    } else if (height_ok && !heights.insert(rendition.height).second) {
      r.error(entry["height"], entry_key + ".height",
              who + "duplicate rendition height " + std::to_string(rendition.height));
    } else if (height_ok && bitrate_ok) {
      room.ladder.push_back(rendition);
    }
  }
}

// BCP 47 language tags as they are used in practice (RFC 5646 §2.1 without
// extensions and private use): "en", "zh", "zh-Hans", "pt-BR", "yue".
bool languageTag(const std::string& tag) {
  static const std::regex shape("[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|[0-9]{3}))?");
  return std::regex_match(tag, shape);
}

// A language's name in itself, for the languages an event most often has
// interpreted; others need a name in the configuration.
std::optional<std::string> autonym(const std::string& tag) {
  static const std::map<std::string, std::string> names = {
      {"ar", "العربية"}, {"de", "Deutsch"}, {"en", "English"}, {"es", "Español"},   {"fr", "Français"},
      {"it", "Italiano"}, {"ja", "日本語"}, {"ko", "한국어"},    {"pt", "Português"}, {"ru", "Русский"},
      {"zh", "中文"}};
  const auto it = names.find(tag.substr(0, tag.find('-')));
  if (it == names.end()) return std::nullopt;
  return it->second;
}

// language: zh; interpretation: [{lang: en, name: English, uri: srt://…}]
// (up to 8): the hall's language and its interpreter booths' feeds.
void readInterpretation(Reader& r, const YAML::Node& room_node, const std::string& room_key, RoomConfig& room) {
  const std::string who = "room \"" + room.id + "\": ";
  if (auto language = r.string(room_node, room_key, "language", false)) {
    if (!languageTag(*language)) {
      r.error(room_node["language"], room_key + ".language",
              who + "must be a language tag such as en, zh or zh-Hans (got \"" + *language + "\")");
    }
    room.language = *language;
  }
  const YAML::Node node = room_node["interpretation"];
  if (!node.IsDefined() || node.IsNull()) return;
  const std::string key = room_key + ".interpretation";
  if (!node.IsSequence() || node.size() > 8) {
    r.error(node, key, who + "must be a list of at most 8 channels, e.g. [{lang: en, uri: \"srt://:9101?mode=listener\"}]");
    return;
  }
  std::set<std::string> languages;
  std::set<std::string> names;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node entry = node[i];
    const std::string entry_key = key + "[" + std::to_string(i) + "]";
    if (!r.map(entry, entry_key, {"lang", "name", "uri"})) continue;
    InterpretationConfig channel;
    if (auto lang = r.string(entry, entry_key, "lang", true)) {
      if (!languageTag(*lang)) {
        r.error(entry["lang"], entry_key + ".lang",
                who + "must be a language tag such as en, zh or zh-Hans (got \"" + *lang + "\")");
      } else if (!languages.insert(*lang).second) {
        r.error(entry["lang"], entry_key + ".lang", who + "a second channel for \"" + *lang + "\"");
      }
      channel.language = *lang;
    }
    if (auto name = r.string(entry, entry_key, "name", false)) {
      if (name->empty() || name->size() > 64 || name->find_first_of("\"\r\n") != std::string::npos) {
        r.error(entry["name"], entry_key + ".name", who + "must be 1 to 64 bytes, without quotes or line breaks");
      }
      channel.name = *name;
    } else if (auto known = autonym(channel.language)) {
      channel.name = *known;
    } else if (!channel.language.empty()) {
      r.error(entry, entry_key + ".name", who + "is required for language \"" + channel.language + "\" (e.g. name: Deutsch)");
    }
    if (channel.name == "Original" || (!channel.name.empty() && !names.insert(channel.name).second)) {
      r.error(entry, entry_key + ".name", who + "each channel needs a name of its own (got \"" + channel.name + "\")");
    }
    if (auto uri = r.string(entry, entry_key, "uri", true)) {
      auto parsed = parseFeedUri(*uri);
      if (auto* error = std::get_if<std::string>(&parsed)) {
        r.error(entry["uri"], entry_key + ".uri", who + *error);
      } else {
        channel.feed = std::get<FeedUri>(std::move(parsed));
        if (channel.feed.scheme == FeedScheme::kWhip) {
          r.error(entry["uri"], entry_key + ".uri", who + "whip:// is for a room's feed, not an interpretation channel");
        } else if (channel.feed.srt_listener && room.feed.srt_listener && channel.feed.port == room.feed.port) {
          r.error(entry["uri"], entry_key + ".uri",
                  who + "listens on port " + std::to_string(channel.feed.port) + ", which the room's feed uses");
        }
      }
    }
    room.interpretation.push_back(std::move(channel));
  }
}

void readMedia(Reader& r, const YAML::Node& root, MediaConfig& media) {
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

// An exhibition room's booths: [{id, name, description, logo, feed}], each
// a room of its own (kind booth) right after its exhibition room.
void readBooths(Reader& r, const YAML::Node& room_node, const std::string& room_key, const RoomConfig& exhibition,
                const std::regex& slug, std::set<std::string>& seen, std::vector<RoomConfig>& rooms) {
  const YAML::Node node = room_node["booths"];
  if (!node.IsDefined() || node.IsNull()) return;
  const std::string key = room_key + ".booths";
  if (exhibition.kind != v1::ROOM_KIND_EXHIBITION) {
    r.error(node, key, "only an exhibition room has booths (room \"" + exhibition.id + "\" is not one)");
    return;
  }
  if (!node.IsSequence()) {
    r.error(node, key, "must be a list of booths, e.g. [{id: booth-genomics, name: {en: …, zh: …}}]");
    return;
  }
  static const std::regex image(".+\\.(png|jpe?g|svg|webp)", std::regex::icase);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node b = node[i];
    const std::string bkey = key + "[" + std::to_string(i) + "]";
    if (!r.map(b, bkey, {"id", "name", "description", "logo", "feed"})) continue;
    RoomConfig booth;
    booth.kind = v1::ROOM_KIND_BOOTH;
    if (auto id = r.string(b, bkey, "id", true)) {
      if (!std::regex_match(*id, slug)) {
        r.error(b["id"], bkey + ".id", "must be a slug of lower-case letters, digits and '-' (got \"" + *id + "\")");
      } else if (!seen.insert(*id).second) {
        r.error(b["id"], bkey + ".id", "duplicate room or booth id \"" + *id + "\"");
      }
      booth.id = *id;
    }
    booth.title = r.title(b, bkey, "name", true);
    booth.start_unix_ms = exhibition.start_unix_ms;
    booth.end_unix_ms = exhibition.end_unix_ms;
    RoomConfig::Booth info;
    info.parent = exhibition.id;
    info.description = r.title(b, bkey, "description", false);
    if (auto logo = r.string(b, bkey, "logo", false)) {
      if (!std::regex_match(*logo, image)) {
        r.error(b["logo"], bkey + ".logo", "must name a .png, .jpg, .svg or .webp image (got \"" + *logo + "\")");
      }
      info.logo = *logo;
    }
    booth.booth = std::move(info);
    booth.media = b["feed"].IsDefined() && !b["feed"].IsNull();
    readFeed(r, b, bkey, booth);
    rooms.push_back(std::move(booth));
  }
}

void readRooms(Reader& r, const YAML::Node& root, EventConfig& cfg) {
  const YAML::Node rooms = root["rooms"];
  if (!rooms.IsDefined() || rooms.IsNull()) {
    r.error(root, "rooms", "is required: list at least one room");
    return;
  }
  if (!rooms.IsSequence() || rooms.size() == 0) {
    r.error(rooms, "rooms", "must be a non-empty list of rooms");
    return;
  }
  static const std::regex slug("[a-z0-9][a-z0-9-]{0,63}");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const YAML::Node node = rooms[i];
    const std::string key = "rooms[" + std::to_string(i) + "]";
    if (!r.map(node, key,
               {"id", "kind", "title", "schedule", "feed", "record", "ladder", "press_only_questions", "booths",
                "language", "interpretation"})) {
      continue;
    }
    RoomConfig room;
    if (auto id = r.string(node, key, "id", true)) {
      if (!std::regex_match(*id, slug)) {
        r.error(node["id"], key + ".id",
                "must be a slug of lower-case letters, digits and '-' (got \"" + *id + "\")");
      } else if (!seen.insert(*id).second) {
        r.error(node["id"], key + ".id", "duplicate room id \"" + *id + "\"");
      }
      room.id = *id;
    }
    if (auto kind = r.string(node, key, "kind", true)) {
      if (auto k = parseKind(*kind)) {
        room.kind = *k;
      } else {
        r.error(node["kind"], key + ".kind",
                "must be one of main, panel, press, exhibition, activity (got \"" + *kind + "\")");
      }
    }
    room.title = r.title(node, key, "title", true);
    const YAML::Node schedule = node["schedule"];
    if (!schedule.IsDefined() || schedule.IsNull()) {
      r.error(node, key + ".schedule", "is required (with start and end)");
    } else if (r.map(schedule, key + ".schedule", {"start", "end"})) {
      const auto start = r.time(schedule, key + ".schedule", "start");
      const auto end = r.time(schedule, key + ".schedule", "end");
      if (start && end && *end <= *start) {
        r.error(schedule["end"], key + ".schedule.end", "must be after schedule.start");
      }
      room.start_unix_ms = start.value_or(0);
      room.end_unix_ms = end.value_or(0);
    }
    readFeed(r, node, key, room);
    r.boolean(node, key, "record", room.record);
    r.boolean(node, key, "press_only_questions", room.press_only_questions);
    readLadder(r, node, key, room);
    readInterpretation(r, node, key, room);
    cfg.rooms.push_back(room);
    readBooths(r, node, key, room, slug, seen, cfg.rooms);
  }
}

void readLimits(Reader& r, const YAML::Node& root, Limits& limits) {
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

void readStorage(Reader& r, const YAML::Node& root, StorageConfig& storage) {
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

void readAccess(Reader& r, const YAML::Node& root, AccessConfig& access) {
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
void readModeration(Reader& r, const YAML::Node& root, ModerationConfig& moderation) {
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
void readCluster(Reader& r, const YAML::Node& root, ClusterConfig& cluster) {
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

void readWebRtc(Reader& r, const YAML::Node& root, WebRtcConfig& webrtc) {
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
void readTls(Reader& r, const YAML::Node& root, TlsConfig& tls) {
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
  Reader r(file, result.errors);
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
