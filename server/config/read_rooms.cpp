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
void readFeed(ConfigSection s, RoomConfig& room) {
  room.feed = std::get<FeedUri>(parseFeedUri("test://"));
  const auto parse = [&](const char* name, bool required) -> std::optional<FeedUri> {
    const ConfigKey key = s.key(name);
    const auto text = key.string(required);
    if (!text) return std::nullopt;
    auto parsed = parseFeedUri(*text);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      key.error("room \"" + room.id + "\": " + *error);
      return std::nullopt;
    }
    return std::get<FeedUri>(std::move(parsed));
  };
  if (auto uri = parse("uri", true)) room.feed = std::move(*uri);
  room.backup = parse("backup", false);
  s.finish();
}

// ladder: [{height: 360, bitrate_kbps: 800}, ...]: up to 4 renditions.
void readLadder(const ConfigKey& ladder, RoomConfig& room) {
  if (!ladder.given()) return;
  const std::string who = "room \"" + room.id + "\": ";
  if (!ladder.node().IsSequence() || ladder.node().size() > 4) {
    ladder.error(who + "must be a list of at most 4 renditions, e.g. [{height: 360, bitrate_kbps: 800}]");
    return;
  }
  // Messages of their own (naming the room), hence not ConfigKey::number.
  const auto read = [&](const ConfigKey& value, uint32_t min, uint32_t max, uint32_t& out) {
    uint32_t v = 0;
    if (!value.given()) {
      value.errorAtParent(who + "is required");
    } else if (!value.node().IsScalar() || !YAML::convert<uint32_t>::decode(value.node(), v) || v < min || v > max) {
      value.error(who + "must be a number between " + std::to_string(min) + " and " + std::to_string(max) +
                  " (got " + (value.node().IsScalar() ? value.node().Scalar() : std::string("a non-number")) + ")");
    } else {
      out = v;
      return true;
    }
    return false;
  };
  std::set<uint32_t> heights;
  for (std::size_t i = 0; i < ladder.node().size(); ++i) {
    ConfigSection entry(ladder[i]);
    if (!entry.ok()) continue;
    LadderRendition rendition;
    const ConfigKey height = entry.key("height");
    const bool height_ok = read(height, 144, 1080, rendition.height);
    const bool bitrate_ok = read(entry.key("bitrate_kbps"), 100, 20000, rendition.bitrate_kbps);
    entry.finish();
    if (height_ok && rendition.height % 2 != 0) {
      height.error(who + "must be even (got " + std::to_string(rendition.height) + ")");
    } else if (height_ok && !heights.insert(rendition.height).second) {
      height.error(who + "duplicate rendition height " + std::to_string(rendition.height));
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
void readInterpretation(const ConfigKey& language, const ConfigKey& interpretation, RoomConfig& room) {
  const std::string who = "room \"" + room.id + "\": ";
  if (auto text = language.string()) {
    if (!languageTag(*text)) {
      language.error(who + "must be a language tag such as en, zh or zh-Hans (got \"" + *text + "\")");
    }
    room.language = *text;
  }
  if (!interpretation.given()) return;
  if (!interpretation.node().IsSequence() || interpretation.node().size() > 8) {
    interpretation.error(who +
                         "must be a list of at most 8 channels, e.g. [{lang: en, uri: \"srt://:9101?mode=listener\"}]");
    return;
  }
  std::set<std::string> languages;
  std::set<std::string> names;
  for (std::size_t i = 0; i < interpretation.node().size(); ++i) {
    ConfigSection entry(interpretation[i]);
    if (!entry.ok()) continue;
    InterpretationConfig channel;
    const ConfigKey lang = entry.key("lang");
    if (auto text = lang.string(true)) {
      if (!languageTag(*text)) {
        lang.error(who + "must be a language tag such as en, zh or zh-Hans (got \"" + *text + "\")");
      } else if (!languages.insert(*text).second) {
        lang.error(who + "a second channel for \"" + *text + "\"");
      }
      channel.language = *text;
    }
    const ConfigKey name = entry.key("name");
    if (auto text = name.string()) {
      if (text->empty() || text->size() > 64 || text->find_first_of("\"\r\n") != std::string::npos) {
        name.error(who + "must be 1 to 64 bytes, without quotes or line breaks");
      }
      channel.name = *text;
    } else if (auto known = autonym(channel.language)) {
      channel.name = *known;
    } else if (!channel.language.empty()) {
      name.errorAtParent(who + "is required for language \"" + channel.language + "\" (e.g. name: Deutsch)");
    }
    if (channel.name == "Original" || (!channel.name.empty() && !names.insert(channel.name).second)) {
      name.errorAtParent(who + "each channel needs a name of its own (got \"" + channel.name + "\")");
    }
    const ConfigKey uri = entry.key("uri");
    entry.finish();
    if (auto text = uri.string(true)) {
      auto parsed = parseFeedUri(*text);
      if (auto* error = std::get_if<std::string>(&parsed)) {
        uri.error(who + *error);
      } else {
        channel.feed = std::get<FeedUri>(std::move(parsed));
        if (channel.feed.scheme == FeedScheme::kWhip) {
          uri.error(who + "whip:// is for a room's feed, not an interpretation channel");
        } else if (channel.feed.srt_listener && room.feed.srt_listener && channel.feed.port == room.feed.port) {
          uri.error(who + "listens on port " + std::to_string(channel.feed.port) + ", which the room's feed uses");
        }
      }
    }
    room.interpretation.push_back(std::move(channel));
  }
}

// A room's or a booth's id: a slug, unique among rooms and booths (`seen`).
std::string readId(const ConfigKey& id, const std::regex& slug, const char* duplicate, std::set<std::string>& seen) {
  const auto text = id.string(true);
  if (!text) return "";
  if (!std::regex_match(*text, slug)) {
    id.error("must be a slug of lower-case letters, digits and '-' (got \"" + *text + "\")");
  } else if (!seen.insert(*text).second) {
    id.error(std::string(duplicate) + " \"" + *text + "\"");
  }
  return *text;
}

// An exhibition room's booths: [{id, name, description, logo, feed}], each
// a room of its own (kind booth) right after its exhibition room.
void readBooths(const ConfigKey& booths, const RoomConfig& exhibition, const std::regex& slug,
                std::set<std::string>& seen, std::vector<RoomConfig>& rooms) {
  if (!booths.given()) return;
  if (exhibition.kind != v1::ROOM_KIND_EXHIBITION) {
    booths.error("only an exhibition room has booths (room \"" + exhibition.id + "\" is not one)");
    return;
  }
  if (!booths.node().IsSequence()) {
    booths.error("must be a list of booths, e.g. [{id: booth-genomics, name: {en: …, zh: …}}]");
    return;
  }
  static const std::regex image(".+\\.(png|jpe?g|svg|webp)", std::regex::icase);
  for (std::size_t i = 0; i < booths.node().size(); ++i) {
    ConfigSection b(booths[i]);
    if (!b.ok()) continue;
    RoomConfig booth;
    booth.kind = v1::ROOM_KIND_BOOTH;
    booth.id = readId(b.key("id"), slug, "duplicate room or booth id", seen);
    booth.title = b.title("name", true);
    booth.start_unix_ms = exhibition.start_unix_ms;
    booth.end_unix_ms = exhibition.end_unix_ms;
    RoomConfig::Booth info;
    info.parent = exhibition.id;
    info.description = b.title("description", false);
    const ConfigKey logo = b.key("logo");
    if (auto text = logo.string()) {
      if (!std::regex_match(*text, image)) {
        logo.error("must name a .png, .jpg, .svg or .webp image (got \"" + *text + "\")");
      }
      info.logo = *text;  // found on disk with the other files (checkFiles)
    }
    booth.booth = std::move(info);
    ConfigSection feed = b.section("feed");
    booth.media = feed.given();  // no feed: chat only
    readFeed(std::move(feed), booth);
    b.finish();
    rooms.push_back(std::move(booth));
  }
}

void readSchedule(ConfigSection s, RoomConfig& room) {
  const auto start = s.key("start").time();
  const ConfigKey end_key = s.key("end");
  const auto end = end_key.time();
  s.finish();
  if (start && end && *end <= *start) end_key.error("must be after schedule.start");
  room.start_unix_ms = start.value_or(0);
  room.end_unix_ms = end.value_or(0);
}

}  // namespace

void readRooms(const ConfigKey& rooms, EventConfig& cfg) {
  if (!rooms.given()) {
    rooms.errorAtParent("is required: list at least one room");
    return;
  }
  if (!rooms.node().IsSequence() || rooms.node().size() == 0) {
    rooms.error("must be a non-empty list of rooms");
    return;
  }
  static const std::regex slug("[a-z0-9][a-z0-9-]{0,63}");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < rooms.node().size(); ++i) {
    ConfigSection s(rooms[i]);
    if (!s.ok()) continue;
    RoomConfig room;
    room.id = readId(s.key("id"), slug, "duplicate room id", seen);
    const ConfigKey kind = s.key("kind");
    if (auto text = kind.string(true)) {
      if (auto k = parseKind(*text)) {
        room.kind = *k;
      } else {
        kind.error("must be one of main, panel, press, exhibition, activity (got \"" + *text + "\")");
      }
    }
    room.title = s.title("title", true);
    readSchedule(s.section("schedule", "is required (with start and end)"), room);
    readFeed(s.section("feed"), room);
    s.boolean("record", room.record);
    readLadder(s.key("ladder"), room);
    s.boolean("press_only_questions", room.press_only_questions);
    const ConfigKey booths = s.key("booths");  // read once the room is complete
    const ConfigKey language = s.key("language");
    readInterpretation(language, s.key("interpretation"), room);
    s.finish();
    cfg.rooms.push_back(room);
    readBooths(booths, room, slug, seen, cfg.rooms);
  }
}

}  // namespace hallcast
