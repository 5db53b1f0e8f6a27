#include "config/read_rooms.h"

#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>

namespace hallcast {
namespace {

std::optional<v1::RoomKind> parseKind(const std::string& s) {
  if (s == "main") return v1::ROOM_KIND_MAIN;
  if (s == "panel") return v1::ROOM_KIND_PANEL;
  if (s == "press") return v1::ROOM_KIND_PRESS;
  if (s == "exhibition") return v1::ROOM_KIND_EXHIBITION;
  if (s == "activity") return v1::ROOM_KIND_ACTIVITY;
  return std::nullopt;
}

// feed: {uri: ..., backup: ...}; a room without one shows the test source.
void readFeed(ConfigReader& r, const YAML::Node& room_node, const std::string& room_key, RoomConfig& room) {
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
void readLadder(ConfigReader& r, const YAML::Node& room_node, const std::string& room_key, RoomConfig& room) {
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
void readInterpretation(ConfigReader& r, const YAML::Node& room_node, const std::string& room_key, RoomConfig& room) {
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

// An exhibition room's booths: [{id, name, description, logo, feed}], each
// a room of its own (kind booth) right after its exhibition room.
void readBooths(ConfigReader& r, const YAML::Node& room_node, const std::string& room_key, const RoomConfig& exhibition,
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

}  // namespace

void readRooms(ConfigReader& r, const YAML::Node& root, EventConfig& cfg) {
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

}  // namespace hallcast
