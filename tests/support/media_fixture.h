#pragma once
// Base of the media tests: a hub whose one room ("main-forum") takes the
// feed a test gives, and what a technician or a player sees of it: health,
// the HLS playlist, its segments as ffprobe reads them.

#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "hallcast/v1/health.pb.h"
#include "hallcast/v1/program.pb.h"
#include "support/child_process.h"
#include "support/http_client.h"
#include "support/hub_fixture.h"

namespace hallcast::test {

class MediaTest : public HubTest {
 protected:
  void startMediaHub(const std::string& feed_yaml = "", const std::string& media_yaml = "") {
    startMediaHubWith(mediaEventYaml(feed_yaml, media_yaml));
  }
  void startMediaHubWith(const std::string& event_yaml) {
    config_ = dir_.write("event.yaml", event_yaml);
    hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
    hub_->start();
  }

  // The main forum's status in the program.
  v1::RoomStatus programStatus() {
    const HttpResult r = httpRequest(hub().url("/api/v1/program"));
    v1::Program program;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &program).ok()) << r.body;
    return program.rooms_size() > 0 ? program.rooms(0).status() : v1::ROOM_STATUS_UNSPECIFIED;
  }

  v1::FeedHealth health() {
    const HttpResult r = httpRequest(hub().url("/api/v1/health"));
    v1::HealthReport report;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.body, &report).ok()) << r.body;
    return report.feeds_size() > 0 ? report.feeds(0) : v1::FeedHealth{};
  }

  // Polls health until `match` holds; the last health seen otherwise.
  bool waitForHealth(const std::function<bool(const v1::FeedHealth&)>& match, std::chrono::seconds timeout,
                     v1::FeedHealth* last = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    v1::FeedHealth h;
    while (std::chrono::steady_clock::now() < deadline) {
      h = health();
      if (match(h)) {
        if (last) *last = h;
        return true;
      }
      std::this_thread::sleep_for(200ms);
    }
    if (last) *last = h;
    return false;
  }

  std::string playlist() { return httpRequest(hub().url("/live/main-forum/index.m3u8")).body; }

  // Media sequence number + segments listed.
  uint64_t playlistEnd(const std::string& text) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("#EXT-X-MEDIA-SEQUENCE:(\\d+)"))) return 0;
    uint64_t n = std::stoull(m[1]);
    for (std::size_t at = 0; (at = text.find("#EXTINF:", at)) != std::string::npos; ++at) ++n;
    return n;
  }

  std::vector<std::string> segmentNames(const std::string& text) {
    std::vector<std::string> out;
    std::regex line("\\n([0-9]+-[0-9]+\\.ts)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), line); it != std::sregex_iterator(); ++it) {
      out.push_back((*it)[1]);
    }
    return out;
  }

  // ffprobe's view of a segment fetched over HTTP: "h264 480x270,aac".
  std::string probeSegment(const std::string& name) {
    const HttpResult r = httpRequest(hub().url("/live/main-forum/" + name));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "video/mp2t");
    const auto file = dir_.path() / name;
    std::ofstream(file, std::ios::binary) << r.body;
    return probeFile(file);
  }

  // ffprobe's view of a media file: a "codec,width,height" line per stream.
  std::string probeFile(const std::filesystem::path& file) {
    return run("ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 " + file.string());
  }

  // The output (stdout and stderr) of a shell command.
  static std::string run(const std::string& command) { return commandOutput(command); }
};

}  // namespace hallcast::test
