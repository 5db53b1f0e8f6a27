#include <gtest/gtest.h>

#include <filesystem>

#include <google/protobuf/util/time_util.h>

#include "config/event_config.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

// The schedules below are on "YYYY-MM-DD": tomorrow (UTC), so that the tests
// hold on any day. kDayMs is its midnight, UTC.
const int64_t kDayMs = (TimeUtil::TimestampToMilliseconds(TimeUtil::GetCurrentTime()) / 86'400'000 + 1) * 86'400'000;

// The configuration parser, on `text` with its day filled in (the same
// length: lines and columns in errors are the text's). Hides
// hallcast::parseEventConfig in these tests.
ConfigLoadResult parseEventConfig(std::string text, const std::string& file) {
  const std::string day = TimeUtil::ToString(TimeUtil::MillisecondsToTimestamp(kDayMs)).substr(0, 10);
  for (std::size_t at; (at = text.find("YYYY-MM-DD")) != std::string::npos;) text.replace(at, day.size(), day);
  return hallcast::parseEventConfig(text, file);
}

const char* kValid = R"(event:
  id: forum
  title: {en: Forum, zh: 论坛}
  time_zone: Asia/Shanghai
rooms:
  - id: main-forum
    kind: main
    title: {en: Main, zh: 主论坛}
    schedule: {start: "YYYY-MM-DDT09:00:00+08:00", end: "YYYY-MM-DDT12:00:00+08:00"}
)";

std::string errorsOf(const ConfigLoadResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.toString() + "\n";
  return out;
}

TEST(Config, LoadsAValidFile) {
  auto r = parseEventConfig(kValid, "event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  ASSERT_EQ(r.config.rooms.size(), 1u);
  const RoomConfig& room = r.config.rooms[0];
  EXPECT_EQ(room.id, "main-forum");
  EXPECT_EQ(room.kind, v1::ROOM_KIND_MAIN);
  EXPECT_EQ(room.title.zh, "主论坛");
  EXPECT_EQ(room.start_unix_ms, kDayMs + 3'600'000);  // 09:00 in Shanghai is 01:00Z
  EXPECT_EQ(room.end_unix_ms - room.start_unix_ms, 3 * 3600 * 1000);
  EXPECT_EQ(r.config.limits.max_chat_chars, 500u);  // defaults
  EXPECT_EQ(r.config.limits.max_frame_bytes, 65536u);
}

TEST(Config, TheDefaultEventIsValidAndIn1Plus4Plus2PlusNFormat) {
  auto r = loadEventConfig(HALLCAST_SOURCE_DIR "/config/event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  std::map<v1::RoomKind, int> kinds;
  for (const auto& room : r.config.rooms) {
    ++kinds[room.kind];
    EXPECT_FALSE(room.title.en.empty());
    EXPECT_FALSE(room.title.zh.empty());
  }
  EXPECT_EQ(kinds[v1::ROOM_KIND_MAIN], 1);
  EXPECT_EQ(kinds[v1::ROOM_KIND_PANEL], 4);
  EXPECT_EQ(kinds[v1::ROOM_KIND_PRESS], 1);
  EXPECT_EQ(kinds[v1::ROOM_KIND_EXHIBITION], 1);
  EXPECT_GE(kinds[v1::ROOM_KIND_ACTIVITY], 2);
  EXPECT_EQ(kinds[v1::ROOM_KIND_BOOTH], 3);
  for (const auto& room : r.config.rooms) {
    if (room.kind != v1::ROOM_KIND_BOOTH) continue;
    ASSERT_TRUE(room.booth);
    EXPECT_EQ(room.booth->parent, "themed-exhibition");
    EXPECT_TRUE(std::filesystem::is_regular_file(room.booth->logo)) << room.booth->logo;
  }
}

TEST(Config, BoothsAreRoomsOfTheirExhibitionWithItsHours) {
  auto r = parseEventConfig(R"(event: {id: e, title: {en: E, zh: E}, time_zone: UTC}
rooms:
  - id: hall
    kind: exhibition
    title: {en: Hall, zh: 展厅}
    schedule: {start: "YYYY-MM-DDT09:00:00Z", end: "YYYY-MM-DDT17:00:00Z"}
    booths:
      - {id: booth-a, name: {en: A, zh: 甲}, description: {en: About A, zh: 关于甲}, logo: a.png}
      - {id: booth-b, name: {en: B, zh: 乙}, feed: {uri: "test://"}}
)", "e.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  ASSERT_EQ(r.config.rooms.size(), 3u);
  const RoomConfig& a = r.config.rooms[1];
  EXPECT_EQ(a.id, "booth-a");
  EXPECT_EQ(a.kind, v1::ROOM_KIND_BOOTH);
  EXPECT_EQ(a.start_unix_ms, r.config.rooms[0].start_unix_ms);
  EXPECT_FALSE(a.media) << "no feed: chat only";
  EXPECT_EQ(a.booth->description.zh, "关于甲");
  EXPECT_TRUE(r.config.rooms[2].media);

  auto bad = parseEventConfig(R"(event: {id: e, title: {en: E, zh: E}, time_zone: UTC}
rooms:
  - id: hall
    kind: panel
    title: {en: Hall, zh: 展厅}
    schedule: {start: "YYYY-MM-DDT09:00:00Z", end: "YYYY-MM-DDT17:00:00Z"}
    booths: [{id: booth-a, name: {en: A, zh: 甲}}]
  - id: expo
    kind: exhibition
    title: {en: Expo, zh: 展}
    schedule: {start: "YYYY-MM-DDT09:00:00Z", end: "YYYY-MM-DDT17:00:00Z"}
    booths:
      - {id: hall, name: {en: A, zh: 甲}}
      - {id: booth-c, name: {en: C, zh: 丙}, logo: c.exe, colour: red}
)", "e.yaml");
  const std::string errors = errorsOf(bad);
  EXPECT_NE(errors.find("rooms[0].booths: only an exhibition room has booths"), std::string::npos) << errors;
  EXPECT_NE(errors.find("duplicate room or booth id \"hall\""), std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[1].booths[1].logo: must name a .png"), std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[1].booths[1].colour: unknown key"), std::string::npos) << errors;
}

TEST(Config, InterpretationChannelsHaveALanguageANameAndAFeed) {
  // A panel whose feed is an SRT listener on port 9000, with these keys.
  const auto panel = [](const std::string& keys) {
    return parseEventConfig(R"(event: {id: e, title: {en: E, zh: E}, time_zone: UTC}
rooms:
  - id: panel
    kind: panel
    title: {en: Panel, zh: 分论坛}
    schedule: {start: "YYYY-MM-DDT09:00:00Z", end: "YYYY-MM-DDT17:00:00Z"}
    feed: {uri: "srt://:9000?mode=listener"}
)" + keys, "e.yaml");
  };
  auto r = panel(R"(    language: zh
    interpretation:
      - {lang: en, uri: "srt://:9101?mode=listener"}
      - {lang: de, name: Deutsch (Kabine 2), uri: "test://"}
)");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  const RoomConfig& room = r.config.rooms[0];
  EXPECT_EQ(room.language, "zh");
  ASSERT_EQ(room.interpretation.size(), 2u);
  EXPECT_EQ(room.interpretation[0].language, "en");
  EXPECT_EQ(room.interpretation[0].name, "English") << "known languages are named in themselves";
  EXPECT_EQ(room.interpretation[0].feed.port, 9101);
  EXPECT_EQ(room.interpretation[1].name, "Deutsch (Kabine 2)");

  auto bad = panel(R"(    language: Chinese
    interpretation:
      - {lang: en, uri: "srt://:9000?mode=listener"}
      - {lang: en, uri: "test://"}
      - {lang: tlh, uri: "test://"}
      - {lang: EN-x, uri: "whip://"}
      - {lang: fr, name: "Fran\"ais", uri: "test://"}
      - {lang: es, uri: "test://", volume: 3}
)");
  const std::string errors = errorsOf(bad);
  EXPECT_NE(errors.find("rooms[0].language: room \"panel\": must be a language tag"), std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[0].uri: room \"panel\": listens on port 9000, which the room's feed uses"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[1].lang: room \"panel\": a second channel for \"en\""),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[2].name: room \"panel\": is required for language \"tlh\""),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[3].lang: room \"panel\": must be a language tag"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[3].uri: room \"panel\": whip:// is for a room's feed"),
            std::string::npos) << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[4].name: room \"panel\": must be 1 to 64 bytes"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("rooms[0].interpretation[5].volume: unknown key"), std::string::npos) << errors;
}

TEST(Config, NamesTheLineAndKeyOfAnUnknownKey) {
  std::string text = kValid;
  text += "  - id: panel\n    kind: panel\n    titel: {en: x, zh: y}\n";
  auto r = parseEventConfig(text, "event.yaml");
  ASSERT_FALSE(r.ok());
  const std::string all = errorsOf(r);
  EXPECT_NE(all.find("event.yaml:12:5: rooms[1].titel: unknown key"), std::string::npos) << all;
  EXPECT_NE(all.find("rooms[1].title: is required"), std::string::npos) << all;
  EXPECT_NE(all.find("rooms[1].schedule: is required"), std::string::npos) << all;
}

TEST(Config, RejectsDuplicateIds) {
  std::string text = kValid;
  text += R"(  - id: main-forum
    kind: panel
    title: {en: Again, zh: 又}
    schedule: {start: "YYYY-MM-DDT09:00:00+08:00", end: "YYYY-MM-DDT12:00:00+08:00"}
)";
  auto r = parseEventConfig(text, "event.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << errorsOf(r);
  EXPECT_EQ(r.errors[0].toString(),
            "event.yaml:10:9: rooms[1].id: duplicate room id \"main-forum\"");
}

TEST(Config, RejectsEndBeforeStart) {
  std::string text = kValid;
  text.replace(text.find("12:00:00"), 8, "08:00:00");
  auto r = parseEventConfig(text, "event.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << errorsOf(r);
  EXPECT_EQ(r.errors[0].key, "rooms[0].schedule.end");
  EXPECT_EQ(r.errors[0].line, 9);
  EXPECT_EQ(r.errors[0].message, "must be after schedule.start");
}

TEST(Config, RejectsMissingFieldsBadKindsAndBadTimes) {
  auto r = parseEventConfig(R"(event:
  title: {en: Forum}
  time_zone: Mars/Olympus
rooms:
  - id: Main Forum
    kind: keynote
    title: {en: Main, zh: 主}
    schedule: {start: tomorrow, end: "YYYY-MM-DDT12:00:00"}
)",
                            "e.yaml");
  const std::string all = errorsOf(r);
  EXPECT_NE(all.find("event.id: is required"), std::string::npos) << all;
  EXPECT_NE(all.find("event.title.zh: is required"), std::string::npos) << all;
  EXPECT_NE(all.find("event.time_zone: must be an IANA time zone"), std::string::npos) << all;
  EXPECT_NE(all.find("rooms[0].id: must be a slug"), std::string::npos) << all;
  EXPECT_NE(all.find("rooms[0].kind: must be one of main, panel"), std::string::npos) << all;
  EXPECT_NE(all.find("rooms[0].schedule.start: must be an RFC 3339 time"), std::string::npos) << all;
  EXPECT_NE(all.find("rooms[0].schedule.end: must be an RFC 3339 time"), std::string::npos) << all;
}

TEST(Config, ChecksLimitRanges) {
  std::string text = kValid;
  text += "limits:\n  max_chat_chars: 0\n  requests_per_second: fast\n";
  auto r = parseEventConfig(text, "e.yaml");
  const std::string all = errorsOf(r);
  EXPECT_NE(all.find("e.yaml:11:19: limits.max_chat_chars: must be between 1 and 10000 (got 0)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("limits.requests_per_second: must be a number"), std::string::npos) << all;
}

TEST(Config, LowLatencyPartsAreOffOrAFractionOfTheSegment) {
  EXPECT_EQ(parseEventConfig(kValid, "e.yaml").config.media.part_ms, 334u);
  for (const char* ok : {"0", "100", "500"}) {
    auto r = parseEventConfig(std::string(kValid) + "media:\n  part_ms: " + ok + "\n", "e.yaml");
    EXPECT_TRUE(r.errors.empty()) << ok << ": " << errorsOf(r);
  }
  for (const char* bad : {"50", "501", "400\n  segment_ms: 600"}) {
    auto r = parseEventConfig(std::string(kValid) + "media:\n  part_ms: " + bad + "\n", "e.yaml");
    EXPECT_NE(errorsOf(r).find("e.yaml:11:12: media.part_ms: "), std::string::npos) << bad << ": " << errorsOf(r);
  }
}

TEST(Config, ReportsYamlSyntaxErrorsWithTheirLine) {
  auto r = parseEventConfig("event:\n  id: [unclosed\n", "e.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_GT(r.errors[0].line, 0);
  EXPECT_NE(r.errors[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(Config, ReportsAMissingFile) {
  auto r = loadEventConfig("/nonexistent/event.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].toString(), "/nonexistent/event.yaml: cannot open the file");
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

TEST(Config, ReadsARoomsLadder) {
  std::string text = kValid;
  text += "    ladder:\n      - {height: 720, bitrate_kbps: 2500}\n      - {height: 360, bitrate_kbps: 800}\n";
  auto r = parseEventConfig(text, "event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  const auto& ladder = r.config.rooms[0].ladder;
  ASSERT_EQ(ladder.size(), 2u);
  EXPECT_EQ(ladder[0].height, 720u);
  EXPECT_EQ(ladder[0].bitrate_kbps, 2500u);
  EXPECT_EQ(ladder[1].height, 360u);
  EXPECT_TRUE(parseEventConfig(kValid, "event.yaml").config.rooms[0].ladder.empty());
}

TEST(Config, ABadLadderEntryNamesTheRoomLineAndKey) {
  const auto errors = [](const std::string& ladder) {
    auto r = parseEventConfig(std::string(kValid) + "    ladder:\n" + ladder, "event.yaml");
    EXPECT_FALSE(r.ok());
    return errorsOf(r);
  };
  EXPECT_NE(errors("      - {height: 361, bitrate_kbps: 800}\n")
                .find("event.yaml:11:18: rooms[0].ladder[0].height: room \"main-forum\": must be even (got 361)"),
            std::string::npos);
  EXPECT_NE(errors("      - {height: 2160, bitrate_kbps: 800}\n")
                .find("rooms[0].ladder[0].height: room \"main-forum\": must be a number between 144 and 1080"),
            std::string::npos);
  EXPECT_NE(errors("      - {height: 360, bitrate_kbps: 50}\n")
                .find("rooms[0].ladder[0].bitrate_kbps: room \"main-forum\": must be a number between 100 and 20000"),
            std::string::npos);
  EXPECT_NE(errors("      - {height: 360}\n").find("rooms[0].ladder[0].bitrate_kbps: room \"main-forum\": is required"),
            std::string::npos);
  EXPECT_NE(errors("      - {height: 360, bitrate_kbps: 800, fps: 30}\n").find("rooms[0].ladder[0].fps: unknown key"),
            std::string::npos);
  EXPECT_NE(errors("      - {height: 360, bitrate_kbps: 800}\n      - {height: 360, bitrate_kbps: 400}\n")
                .find("rooms[0].ladder[1].height: room \"main-forum\": duplicate rendition height 360"),
            std::string::npos);
  EXPECT_NE(errors("      - {height: 144, bitrate_kbps: 100}\n      - {height: 180, bitrate_kbps: 100}\n"
                   "      - {height: 240, bitrate_kbps: 100}\n      - {height: 360, bitrate_kbps: 100}\n"
                   "      - {height: 480, bitrate_kbps: 100}\n")
                .find("rooms[0].ladder: room \"main-forum\": must be a list of at most 4 renditions"),
            std::string::npos);
}

TEST(BlockedWordsConfig, ReadsTheListTrimmed) {
  const auto r = parseEventConfig(std::string(kValid) + "moderation:\n  blocked_words: [spam, \" 发票 \"]\n", "e.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  EXPECT_EQ(r.config.moderation.blocked_words, (std::vector<std::string>{"spam", "发票"}));
  EXPECT_TRUE(parseEventConfig(kValid, "e.yaml").config.moderation.blocked_words.empty());
  EXPECT_TRUE(parseEventConfig(std::string(kValid) + "moderation:\n  blocked_words: []\n", "e.yaml").ok());
}

TEST(BlockedWordsConfig, NamesFileLineAndKeyOfEachBadEntry) {
  const std::string long_word(101, 'x');
  const auto r = parseEventConfig(std::string(kValid) + "moderation:\n  blocked_words:\n    - ok\n    - \"  \"\n    - [a]\n    - " +
                                      long_word + "\n",
                                  "e.yaml");
  const std::string errors = errorsOf(r);
  EXPECT_NE(errors.find("e.yaml:13:7: moderation.blocked_words[1]: must not be empty"), std::string::npos) << errors;
  EXPECT_NE(errors.find("e.yaml:14:7: moderation.blocked_words[2]: must be a string"), std::string::npos) << errors;
  EXPECT_NE(errors.find("moderation.blocked_words[3]: is 101 characters long; the limit is 100"), std::string::npos)
      << errors;
  EXPECT_EQ(r.errors.size(), 3u) << errors;
  std::string chinese_100;
  for (int i = 0; i < 100; ++i) chinese_100 += "字";
  EXPECT_TRUE(parseEventConfig(std::string(kValid) + "moderation:\n  blocked_words: [" + chinese_100 + "]\n", "e.yaml")
                  .ok())
      << "the limit counts characters, not bytes";
  EXPECT_TRUE(parseEventConfig(std::string(kValid) + "moderation:\n  blocked_words: [" + std::string(100, 'y') + "]\n",
                               "e.yaml")
                  .ok());
}

TEST(BlockedWordsConfig, RefusesTooManyEntriesAndOtherShapes) {
  std::string many = std::string(kValid) + "moderation:\n  blocked_words:\n";
  for (int i = 0; i <= 1000; ++i) many += "    - w" + std::to_string(i) + "\n";
  EXPECT_NE(errorsOf(parseEventConfig(many, "e.yaml")).find("has 1001 entries; the limit is 1000"), std::string::npos);
  EXPECT_NE(errorsOf(parseEventConfig(std::string(kValid) + "moderation:\n  blocked_words: spam\n", "e.yaml"))
                .find("moderation.blocked_words: must be a list"),
            std::string::npos);
  EXPECT_NE(errorsOf(parseEventConfig(std::string(kValid) + "moderation:\n  blocked_wrods: [x]\n", "e.yaml"))
                .find("moderation.blocked_wrods: unknown key"),
            std::string::npos);
}

TEST(AccessConfig, AllowedOriginsAreOriginsOrAStar) {
  auto r = parseEventConfig(std::string(kValid) +
                                "access: {allowed_origins: [\"https://forum.example.org\", \"http://10.0.0.5:8080\", \"*\"]}\n",
                            "event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  EXPECT_EQ(r.config.access.allowed_origins,
            (std::vector<std::string>{"https://forum.example.org", "http://10.0.0.5:8080", "*"}));
  r = parseEventConfig(std::string(kValid) + "access: {allowed_origins: [\"https://forum.example.org/page\"]}\n",
                       "event.yaml");
  EXPECT_NE(errorsOf(r).find("access.allowed_origins[0]: must be \"*\" or scheme://host[:port]"), std::string::npos)
      << errorsOf(r);
  r = parseEventConfig(std::string(kValid) + "access: {allowed_origins: \"*\"}\n", "event.yaml");
  EXPECT_NE(errorsOf(r).find("access.allowed_origins: must be a list"), std::string::npos) << errorsOf(r);
}

TEST(ClusterConfig, AbsentMeansOneProcessWithSqlite) {
  auto r = parseEventConfig(kValid, "event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  EXPECT_FALSE(r.config.cluster.enabled());
}

TEST(ClusterConfig, ReadsRedisAndNodeId) {
  auto r = parseEventConfig(std::string(kValid) + "cluster: {redis: \"redis://10.0.0.5:6379/1\", node_id: hub-a}\n", "event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  ASSERT_TRUE(r.config.cluster.enabled());
  EXPECT_EQ(r.config.cluster.redis->host, "10.0.0.5");
  EXPECT_EQ(r.config.cluster.redis->db, 1);
  EXPECT_EQ(r.config.cluster.node_id, "hub-a");
  EXPECT_EQ(r.config.cluster.advertise_url, "") << "made from --listen when absent";
}

TEST(ClusterConfig, AdvertiseUrlIsAnOriginWithoutAPath) {
  const std::string cluster = "cluster: {redis: \"redis://x\", node_id: hub-a, advertise_url: ";
  auto r = parseEventConfig(std::string(kValid) + cluster + "\"http://10.0.0.11:8080\"}\n", "event.yaml");
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  EXPECT_EQ(r.config.cluster.advertise_url, "http://10.0.0.11:8080");
  r = parseEventConfig(std::string(kValid) + cluster + "\"https://[fd00::11]:8443\"}\n", "event.yaml");
  EXPECT_TRUE(r.ok()) << errorsOf(r);
  for (const char* bad : {"10.0.0.11:8080", "http://10.0.0.11:8080/live", "ftp://x", "http://", "http://a;script-src *"}) {
    r = parseEventConfig(std::string(kValid) + cluster + "\"" + bad + "\"}\n", "event.yaml");
    EXPECT_NE(errorsOf(r).find("cluster.advertise_url: must be http(s)://HOST:PORT"), std::string::npos)
        << bad << ": " << errorsOf(r);
  }
}

TEST(ClusterConfig, NamesTheKeyOfEachProblem) {
  auto r = parseEventConfig(std::string(kValid) + "cluster: {redis: \"tcp://x\", node_id: Hub_A}\n", "event.yaml");
  EXPECT_NE(errorsOf(r).find("cluster.redis: must start with redis://"), std::string::npos) << errorsOf(r);
  r = parseEventConfig(std::string(kValid) + "cluster: {redis: \"redis://x\", node_id: Hub_A}\n", "event.yaml");
  EXPECT_NE(errorsOf(r).find("cluster.node_id: must be 1-32 lowercase"), std::string::npos) << errorsOf(r);
  r = parseEventConfig(std::string(kValid) + "cluster: {redis: \"redis://x\"}\n", "event.yaml");
  EXPECT_NE(errorsOf(r).find("cluster.node_id: is required"), std::string::npos) << errorsOf(r);
  r = parseEventConfig(std::string(kValid) + "cluster: {node_id: a, redis_url: \"redis://x\"}\n", "event.yaml");
  EXPECT_NE(errorsOf(r).find("cluster.redis_url: unknown key"), std::string::npos) << errorsOf(r);
}


TEST(WebRtcConfig, DefaultsAndIceServers) {
  const EventConfig defaults = parseEventConfig(kValid, "e.yaml").config;
  EXPECT_TRUE(defaults.webrtc.enabled);
  EXPECT_EQ(defaults.webrtc.max_viewers, 50u);
  EXPECT_EQ(defaults.webrtc.max_viewers_per_address, 10u);
  EXPECT_TRUE(defaults.webrtc.ice_servers.empty());
  auto r = parseEventConfig(std::string(kValid) +
                                "webrtc:\n  max_viewers: 20\n  udp_port_min: 40000\n  udp_port_max: 40100\n"
                                "  ice_servers:\n    - url: stun:10.0.0.1:3478\n"
                                "    - url: turns:turn.example.net:5349?transport=tcp\n      username: u\n      credential: p\n",
                            "e.yaml");
  ASSERT_TRUE(r.errors.empty()) << errorsOf(r);
  EXPECT_EQ(r.config.webrtc.max_viewers, 20u);
  EXPECT_EQ(r.config.webrtc.udp_port_min, 40000);
  ASSERT_EQ(r.config.webrtc.ice_servers.size(), 2u);
  EXPECT_EQ(r.config.webrtc.ice_servers[1].username, "u");
}

TEST(WebRtcConfig, NamesTheKeyOfEachProblem) {
  const auto errors = [](const std::string& webrtc) {
    return errorsOf(parseEventConfig(std::string(kValid) + "webrtc:\n" + webrtc, "e.yaml"));
  };
  EXPECT_NE(errors("  ice_servers:\n    - url: http://x\n").find("webrtc.ice_servers[0].url: must be stun:"),
            std::string::npos);
  EXPECT_NE(errors("  ice_servers:\n    - url: turn:t.example\n").find("a TURN server needs username and credential"),
            std::string::npos);
  EXPECT_NE(errors("  udp_port_min: 40000\n").find("webrtc.udp_port_min: udp_port_min and udp_port_max go together"),
            std::string::npos);
  EXPECT_NE(errors("  max_viewers: -1\n").find("webrtc.max_viewers"), std::string::npos);
  EXPECT_NE(errors("  bogus: 1\n").find("webrtc.bogus: unknown key"), std::string::npos);
}

}  // namespace
}  // namespace hallcast
