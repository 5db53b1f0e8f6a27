#pragma once
// A hall feed's address, as written in config/event.yaml: which ingest
// protocol, and the form shown to people (credentials redacted).

#include <optional>
#include <string>
#include <variant>

namespace hallcast {

enum class FeedScheme {
  kTest,  // test:// — synthetic live source: pattern, room title, clock, tone
  kFile,  // file:///path — a recording, looped
  kSrt,   // srt://:PORT?mode=listener (encoders push) or srt://HOST:PORT (caller)
  kRtsp,  // rtsp://[user:pass@]host[:port]/path — IP cameras, pulled
  kRtmp,  // rtmp://host[:port]/app/stream — pulled, e.g. from nginx-rtmp
  kWhip,  // whip:// — pushed over WebRTC to POST /whip/<room> (a browser, OBS)
};

struct FeedUri {
  FeedScheme scheme = FeedScheme::kTest;
  std::string uri;       // as configured (may hold credentials: never log it)
  std::string redacted;  // user:password and secret query values replaced by ***
  std::string host;      // empty for test, file and SRT listeners
  int port = 0;          // 0 when not given
  std::string path;      // file path for file://
  bool srt_listener = false;
};

// Parses and checks a feed URI; on failure the error says what is wrong.
std::variant<FeedUri, std::string> parseFeedUri(const std::string& uri);

const char* schemeName(FeedScheme scheme);

}  // namespace hallcast
