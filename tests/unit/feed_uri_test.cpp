#include "feeds/feed_uri.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

FeedUri ok(const std::string& uri) {
  auto r = parseFeedUri(uri);
  EXPECT_TRUE(std::holds_alternative<FeedUri>(r)) << uri << ": " << std::get<std::string>(r);
  return std::get<FeedUri>(r);
}

std::string error(const std::string& uri) {
  auto r = parseFeedUri(uri);
  EXPECT_TRUE(std::holds_alternative<std::string>(r)) << uri;
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

TEST(FeedUri, ParsesEachScheme) {
  EXPECT_EQ(ok("test://").scheme, FeedScheme::kTest);
  FeedUri file = ok("file:///srv/replays/keynote.mp4");
  EXPECT_EQ(file.scheme, FeedScheme::kFile);
  EXPECT_EQ(file.path, "/srv/replays/keynote.mp4");
  FeedUri listener = ok("srt://:9000?mode=listener");
  EXPECT_TRUE(listener.srt_listener);
  EXPECT_EQ(listener.port, 9000);
  FeedUri caller = ok("srt://encoder.hall-a.local:9001");
  EXPECT_FALSE(caller.srt_listener);
  EXPECT_EQ(caller.host, "encoder.hall-a.local");
  EXPECT_EQ(ok("rtsp://10.0.0.5:554/stream1").scheme, FeedScheme::kRtsp);
  EXPECT_EQ(ok("rtmp://127.0.0.1/live/hall1").scheme, FeedScheme::kRtmp);
  EXPECT_EQ(ok("whip://").scheme, FeedScheme::kWhip);
  EXPECT_EQ(ok("whip://").redacted, "whip://");
}

TEST(FeedUri, RedactsCredentialsAndSecrets) {
  EXPECT_EQ(ok("rtsp://admin:hunter2@cam1/stream").redacted, "rtsp://admin:***@cam1/stream");
  EXPECT_EQ(ok("srt://:9000?mode=listener&passphrase=verysecret123&latency=200").redacted,
            "srt://:9000?mode=listener&passphrase=***&latency=200");
  EXPECT_EQ(ok("test://").redacted, "test://");
}

TEST(FeedUri, RejectsWhatCannotWork) {
  EXPECT_NE(error("hdmi://capture0").find("unknown scheme \"hdmi\""), std::string::npos);
  EXPECT_NE(error("srt://host").find("needs a port"), std::string::npos);
  EXPECT_NE(error("whip://host/x").find("POST to /whip/<room>"), std::string::npos);
  EXPECT_NE(error("file://relative/path.mp4").find("local file"), std::string::npos);
  EXPECT_NE(error("rtmp://host").find("application and stream"), std::string::npos);
  EXPECT_NE(error("not a uri").find("scheme://"), std::string::npos);
  EXPECT_NE(error("srt://:99999").find("port"), std::string::npos);
}

}  // namespace
}  // namespace hallcast
