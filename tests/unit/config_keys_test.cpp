// Each section of the event configuration names its keys once
// (ConfigSection): the keys it reads are the keys it allows. Then the
// environment's overrides, then the checks on disk.

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>

#include <google/protobuf/util/time_util.h>

#include "config/config_reader.h"
#include "config/event_config.h"
#include "support/temp_dir.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;

// Today (UTC): the parser does not compare schedules with the clock.
const std::string kDay = TimeUtil::ToString(TimeUtil::GetCurrentTime()).substr(0, 10);
const std::string kSchedule = "schedule: {start: \"" + kDay + "T09:00:00Z\", end: \"" + kDay + "T17:00:00Z\"}";

// A valid file ending with its one room, an exhibition: `event` adds keys
// to the event, `room` lines after the room's (its keys, indented by 4, or
// further rooms), `more` top-level sections.
std::string file(const std::string& event, const std::string& room, const std::string& more) {
  return "event:\n  id: e\n  title: {en: E, zh: 会}\n  time_zone: UTC\n" + event +
         "rooms:\n  - id: hall\n    kind: exhibition\n    title: {en: Hall, zh: 厅}\n    " + kSchedule + "\n" + room +
         more;
}

std::string errorsOf(const ConfigLoadResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.toString() + "\n";
  return out;
}

struct UnknownKeyCase {
  std::string event, room, more;
  std::string key;       // of the unknown key, "bogus"
  std::string expected;  // the section's keys, as listed
};

TEST(ConfigKeys, AnUnknownKeyInEverySectionIsReportedWithTheKeysExpected) {
  const std::string second_room = "  - {id: b, kind: panel, ";
  const std::vector<UnknownKeyCase> cases = {
      {"", "", "bogus: 1\n", "bogus",
       "event, rooms, limits, storage, media, webrtc, access, moderation, cluster, tls"},
      {"  bogus: 1\n", "", "", "event.bogus", "id, title, theme, venue, time_zone"},
      {"  theme: {en: T, zh: T, bogus: 1}\n", "", "", "event.theme.bogus", "en, zh"},
      {"", "    bogus: 1\n", "", "rooms[0].bogus",
       "id, kind, title, schedule, feed, record, ladder, press_only_questions, booths, language, interpretation"},
      {"", second_room + "title: {en: B, zh: B, bogus: 1}, " + kSchedule + "}\n", "", "rooms[1].title.bogus", "en, zh"},
      {"", second_room + "title: {en: B, zh: B}, schedule: {start: \"" + kDay + "T09:00:00Z\", end: \"" + kDay +
               "T17:00:00Z\", bogus: 1}}\n",
       "", "rooms[1].schedule.bogus", "start, end"},
      {"", "    feed: {uri: \"test://\", bogus: 1}\n", "", "rooms[0].feed.bogus", "uri, backup"},
      {"", "    ladder: [{height: 360, bitrate_kbps: 800, bogus: 1}]\n", "", "rooms[0].ladder[0].bogus",
       "height, bitrate_kbps"},
      {"", "    interpretation: [{lang: en, uri: \"test://\", bogus: 1}]\n", "", "rooms[0].interpretation[0].bogus",
       "lang, name, uri"},
      {"", "    booths: [{id: b1, name: {en: B, zh: B}, bogus: 1}]\n", "", "rooms[0].booths[0].bogus",
       "id, name, description, logo, feed"},
      {"", "    booths: [{id: b1, name: {en: B, zh: B, bogus: 1}}]\n", "", "rooms[0].booths[0].name.bogus", "en, zh"},
      {"", "    booths: [{id: b1, name: {en: B, zh: B}, description: {en: D, zh: D, bogus: 1}}]\n", "",
       "rooms[0].booths[0].description.bogus", "en, zh"},
      {"", "    booths: [{id: b1, name: {en: B, zh: B}, feed: {uri: \"test://\", bogus: 1}}]\n", "",
       "rooms[0].booths[0].feed.bogus", "uri, backup"},
      {"", "", "limits: {bogus: 1}\n", "limits.bogus",
       "max_frame_bytes, max_chat_chars, requests_per_second, request_burst, send_queue_bytes, replay_events, "
       "recent_events, hello_timeout_seconds, write_interval_ms, ping_interval_seconds, connections_per_ip"},
      {"", "", "storage: {bogus: 1}\n", "storage.bogus", "sync"},
      {"", "", "media: {bogus: 1}\n", "media.bogus",
       "enabled, segment_ms, part_ms, playlist_segments, feed_timeout_ms, snapshot_interval_ms, "
       "recording_file_seconds, alerts"},
      {"", "", "media: {alerts: {bogus: 1}}\n", "media.alerts.bogus",
       "down_seconds, silence_seconds, black_seconds, bitrate_drop_percent"},
      {"", "", "webrtc: {bogus: 1}\n", "webrtc.bogus",
       "enabled, max_viewers, max_viewers_per_address, ice_servers, udp_port_min, udp_port_max"},
      {"", "", "webrtc: {ice_servers: [{url: \"stun:s.example\", bogus: 1}]}\n", "webrtc.ice_servers[0].bogus",
       "url, username, credential"},
      {"", "", "access: {bogus: 1}\n", "access.bogus", "secret, allowed_origins"},
      {"", "", "moderation: {bogus: 1}\n", "moderation.bogus", "blocked_words"},
      {"", "", "cluster: {redis: \"redis://x\", node_id: a, bogus: 1}\n", "cluster.bogus",
       "redis, node_id, advertise_url"},
      {"", "", "tls: {cert_file: a.pem, key_file: a.key, bogus: 1}\n", "tls.bogus", "cert_file, key_file"},
  };
  for (const UnknownKeyCase& c : cases) {
    SCOPED_TRACE(c.key);
    const ConfigLoadResult r = parseEventConfig(file(c.event, c.room, c.more), "e.yaml");
    ASSERT_EQ(r.errors.size(), 1u) << errorsOf(r);
    EXPECT_EQ(r.errors[0].key, c.key);
    EXPECT_EQ(r.errors[0].message, "unknown key (expected one of: " + c.expected + ")");
    EXPECT_GT(r.errors[0].line, 0);
  }
}

struct ReadCase {
  const char* section;
  std::string event, room, more;
  std::function<void(const EventConfig&)> check;
};

TEST(ConfigKeys, EachDeclaredKeyIsRead) {
  const std::string secret(40, 's');
  const std::vector<ReadCase> cases = {
      {"event", "  theme: {en: Theme, zh: 主题}\n  venue: Hall 1\n", "", "",
       [](const EventConfig& c) {
         EXPECT_EQ(c.id, "e");
         EXPECT_EQ(c.title.zh, "会");
         EXPECT_EQ(c.theme.zh, "主题");
         EXPECT_EQ(c.venue, "Hall 1");
         EXPECT_EQ(c.time_zone, "UTC");
       }},
      {"rooms",
       "",
       "    feed: {uri: \"test://\", backup: \"test://\"}\n    record: true\n"
       "    ladder: [{height: 360, bitrate_kbps: 800}]\n    press_only_questions: true\n"
       "    booths: [{id: b1, name: {en: B, zh: 乙}, description: {en: D, zh: 丁}, logo: b.png,\n"
       "              feed: {uri: \"test://\"}}]\n"
       "    language: zh\n    interpretation: [{lang: en, name: Eng, uri: \"test://\"}]\n",
       "",
       [](const EventConfig& c) {
         ASSERT_EQ(c.rooms.size(), 2u);
         const RoomConfig& room = c.rooms[0];
         EXPECT_EQ(room.id, "hall");
         EXPECT_EQ(room.kind, v1::ROOM_KIND_EXHIBITION);
         EXPECT_EQ(room.title.zh, "厅");
         EXPECT_LT(room.start_unix_ms, room.end_unix_ms);
         EXPECT_TRUE(room.backup);
         EXPECT_TRUE(room.record);
         ASSERT_EQ(room.ladder.size(), 1u);
         EXPECT_EQ(room.ladder[0].height, 360u);
         EXPECT_EQ(room.ladder[0].bitrate_kbps, 800u);
         EXPECT_TRUE(room.press_only_questions);
         EXPECT_EQ(room.language, "zh");
         ASSERT_EQ(room.interpretation.size(), 1u);
         EXPECT_EQ(room.interpretation[0].language, "en");
         EXPECT_EQ(room.interpretation[0].name, "Eng");
         const RoomConfig& booth = c.rooms[1];
         EXPECT_EQ(booth.id, "b1");
         EXPECT_EQ(booth.title.zh, "乙");
         EXPECT_EQ(booth.booth->description.zh, "丁");
         EXPECT_EQ(booth.booth->logo, "b.png") << "found on disk only by loadEventConfig";
         EXPECT_TRUE(booth.media);
       }},
      {"limits", "", "",
       "limits: {max_frame_bytes: 2048, max_chat_chars: 7, requests_per_second: 2.5, request_burst: 3, "
       "send_queue_bytes: 131072, replay_events: 90, recent_events: 9, hello_timeout_seconds: 4, "
       "write_interval_ms: 5, ping_interval_seconds: 6, connections_per_ip: 8}\n",
       [](const EventConfig& c) {
         const Limits& l = c.limits;
         EXPECT_EQ(l.max_frame_bytes, 2048u);
         EXPECT_EQ(l.max_chat_chars, 7u);
         EXPECT_EQ(l.requests_per_second, 2.5);
         EXPECT_EQ(l.request_burst, 3u);
         EXPECT_EQ(l.send_queue_bytes, 131072u);
         EXPECT_EQ(l.replay_events, 90u);
         EXPECT_EQ(l.recent_events, 9u);
         EXPECT_EQ(l.hello_timeout_seconds, 4u);
         EXPECT_EQ(l.write_interval_ms, 5u);
         EXPECT_EQ(l.ping_interval_seconds, 6u);
         EXPECT_EQ(l.connections_per_ip, 8u);
       }},
      {"storage", "", "", "storage: {sync: full}\n",
       [](const EventConfig& c) { EXPECT_EQ(c.storage.sync, SyncMode::kFull); }},
      {"media", "", "",
       "media: {enabled: false, segment_ms: 4000, part_ms: 500, playlist_segments: 9, feed_timeout_ms: 700, "
       "snapshot_interval_ms: 2000, recording_file_seconds: 60, alerts: {down_seconds: 11, silence_seconds: 12, "
       "black_seconds: 13, bitrate_drop_percent: 14}}\n",
       [](const EventConfig& c) {
         const MediaConfig& m = c.media;
         EXPECT_FALSE(m.enabled);
         EXPECT_EQ(m.segment_ms, 4000u);
         EXPECT_EQ(m.part_ms, 500u);
         EXPECT_EQ(m.playlist_segments, 9u);
         EXPECT_EQ(m.feed_timeout_ms, 700u);
         EXPECT_EQ(m.snapshot_interval_ms, 2000u);
         EXPECT_EQ(m.recording_file_seconds, 60u);
         EXPECT_EQ(m.alerts.down_seconds, 11u);
         EXPECT_EQ(m.alerts.silence_seconds, 12u);
         EXPECT_EQ(m.alerts.black_seconds, 13u);
         EXPECT_EQ(m.alerts.bitrate_drop_percent, 14u);
       }},
      {"webrtc", "", "",
       "webrtc: {enabled: false, max_viewers: 3, max_viewers_per_address: 2, udp_port_min: 40000, udp_port_max: 40010, "
       "ice_servers: [{url: \"turn:t.example\", username: u, credential: p}]}\n",
       [](const EventConfig& c) {
         const WebRtcConfig& w = c.webrtc;
         EXPECT_FALSE(w.enabled);
         EXPECT_EQ(w.max_viewers, 3u);
         EXPECT_EQ(w.max_viewers_per_address, 2u);
         EXPECT_EQ(w.udp_port_min, 40000);
         EXPECT_EQ(w.udp_port_max, 40010);
         ASSERT_EQ(w.ice_servers.size(), 1u);
         EXPECT_EQ(w.ice_servers[0].url, "turn:t.example");
         EXPECT_EQ(w.ice_servers[0].username, "u");
         EXPECT_EQ(w.ice_servers[0].credential, "p");
       }},
      {"access", "", "", "access: {secret: " + secret + ", allowed_origins: [\"https://a.example\"]}\n",
       [secret](const EventConfig& c) {
         EXPECT_EQ(c.access.secret, secret);
         EXPECT_EQ(c.access.allowed_origins, std::vector<std::string>{"https://a.example"});
       }},
      {"moderation", "", "", "moderation: {blocked_words: [spam]}\n",
       [](const EventConfig& c) { EXPECT_EQ(c.moderation.blocked_words, std::vector<std::string>{"spam"}); }},
      {"cluster", "", "", "cluster: {redis: \"redis://r:6380\", node_id: hub-b, advertise_url: \"http://h:1\"}\n",
       [](const EventConfig& c) {
         ASSERT_TRUE(c.cluster.redis);
         EXPECT_EQ(c.cluster.redis->port, 6380);
         EXPECT_EQ(c.cluster.node_id, "hub-b");
         EXPECT_EQ(c.cluster.advertise_url, "http://h:1");
       }},
      {"tls", "", "", "tls: {cert_file: a.pem, key_file: a.key}\n",
       [](const EventConfig& c) {
         EXPECT_EQ(c.tls.cert_file, "a.pem");
         EXPECT_EQ(c.tls.key_file, "a.key");
       }},
  };
  for (const ReadCase& c : cases) {
    SCOPED_TRACE(c.section);
    const ConfigLoadResult r = parseEventConfig(file(c.event, c.room, c.more), "e.yaml");
    ASSERT_TRUE(r.ok()) << errorsOf(r);
    c.check(r.config);
  }
}

TEST(ConfigKeys, ASectionAllowsExactlyTheKeysItReadsAndEachOnce) {
  std::vector<ConfigError> errors;
  ConfigReader r("t.yaml", errors);
  const YAML::Node node = YAML::Load("{a: true, b: 2}");
  ConfigSection s{ConfigKey(r, node)};
  bool a = false;
  s.boolean("a", a);
  EXPECT_TRUE(a);
  EXPECT_THROW(s.key("a"), std::logic_error);
  s.finish();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].toString(), "t.yaml:1:11: b: unknown key (expected one of: a)");
}

// Sets an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ConfigKeys, TheEnvironmentOverridesTheFileAndItsProblemsNameTheVariable) {
  const std::string short_secret = "short-secret";
  {
    const ScopedEnv env("HALLCAST_SECRET", std::string(40, 'e'));
    const ConfigLoadResult r = parseEventConfig(file("", "", "access: {secret: " + short_secret + "}\n"), "e.yaml");
    ASSERT_TRUE(r.ok()) << "the file's short secret is not the one in force: " << errorsOf(r);
    EXPECT_EQ(r.config.access.secret, std::string(40, 'e'));
  }
  {
    const ScopedEnv env("HALLCAST_SECRET", short_secret);
    const ConfigLoadResult r = parseEventConfig(file("", "", ""), "e.yaml");
    ASSERT_EQ(r.errors.size(), 1u) << errorsOf(r);
    EXPECT_EQ(r.errors[0].key, "HALLCAST_SECRET");
    EXPECT_EQ(errorsOf(r).find(short_secret), std::string::npos) << "never quoted";
  }
  const std::string cluster = "cluster: {node_id: hub-a}\n";
  EXPECT_NE(errorsOf(parseEventConfig(file("", "", cluster), "e.yaml")).find("cluster.redis: is required"),
            std::string::npos);
  {
    const ScopedEnv redis("HALLCAST_REDIS", "redis://10.0.0.5:6379");
    const ScopedEnv node_id("HALLCAST_NODE_ID", "hub-b");
    const ConfigLoadResult r = parseEventConfig(file("", "", cluster), "e.yaml");
    ASSERT_TRUE(r.ok()) << errorsOf(r);
    EXPECT_EQ(r.config.cluster.redis->host, "10.0.0.5");
    EXPECT_EQ(r.config.cluster.node_id, "hub-b");
  }
  {
    const ScopedEnv redis("HALLCAST_REDIS", "tcp://x");
    const ConfigLoadResult r = parseEventConfig(file("", "", ""), "e.yaml");
    ASSERT_EQ(r.errors.size(), 1u) << errorsOf(r);
    EXPECT_EQ(r.errors[0].key, "HALLCAST_REDIS");
  }
}

TEST(ConfigKeys, FilesAreLookedForAfterReadingAndOnlyInALoadedFile) {
  const std::string booth = "    booths: [{id: b1, name: {en: B, zh: B}, logo: b.png}]\n";
  EXPECT_TRUE(parseEventConfig(file("", booth, ""), "e.yaml").ok()) << "from text: no directory to look in";
  test::TempDir dir;
  const auto path = dir.write("e.yaml", file("", booth, ""));
  ConfigLoadResult r = loadEventConfig(path.string());
  ASSERT_EQ(r.errors.size(), 1u) << errorsOf(r);
  EXPECT_EQ(r.errors[0].toString(),
            path.string() + ": booth b1.logo: no such file: " + (dir.path() / "b.png").string());
  dir.write("b.png", "");
  r = loadEventConfig(path.string());
  ASSERT_TRUE(r.ok()) << errorsOf(r);
  EXPECT_EQ(r.config.rooms[1].booth->logo, (dir.path() / "b.png").string());
}

}  // namespace
}  // namespace hallcast
