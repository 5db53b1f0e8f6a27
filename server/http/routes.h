#pragma once
// The HTTP side of the hub: health, the program API, Prometheus metrics and
// the web client's static files. Decides what to answer; the transport sends it.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/live_playlists.h"
#include "media/feed_owners.h"
#include "media/health_board.h"
#include "realtime/hub.h"

namespace hallcast {

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is this file's content (served by the transport).
  std::filesystem::path file;
  // When set, the answer is not ready yet (an LL-HLS blocking reload, a
  // preload-hinted part): the transport holds the request and asks again
  // each time the live playlist at this path changes; at `wait_until` it
  // sends this response as it is (a 503).
  std::string wait_for;
  std::chrono::steady_clock::time_point wait_until{};
  // How a held request is asked again; unset: HttpRoutes::handle() with
  // the same request (what a POST must not be: it would act twice).
  std::function<HttpResponse()> retry;
};

// What the transport passes on of a request.
struct HttpRequest {
  std::string method;  // as sent: "GET", "HEAD", ...
  std::string path;    // without the query string
  // The query's name=value pairs in order, percent-decoded (a pair with no
  // '=' has an empty value).
  std::vector<std::pair<std::string, std::string>> query;
  std::string authorization;  // the Authorization header; empty when absent
  std::string origin;         // the Origin header (browsers); empty when absent
  std::string host;           // the Host header
  std::string peer;           // the client's IP address (of the connection: a proxy's behind one)
  std::string content_type;   // the Content-Type header
  std::string body;           // as received (at most kMaxRequestBodyBytes)

  // The first value of query parameter `name`; nullopt when absent.
  std::optional<std::string_view> queryParam(std::string_view name) const;
};

// Requests with a larger body are refused (413) before it is read: the
// largest body the hub takes is a WebRTC offer (a few KiB).
inline constexpr std::size_t kMaxRequestBodyBytes = 64 * 1024;

// How long a playlist asked before its room's first segment is held
// (HttpRoutes::playlistNotYetWritten): a room's first segment comes within
// about two seconds of its start.
inline constexpr std::chrono::seconds kStartingHold{2};

class WebRtcEndpoint;

class HttpRoutes {
 public:
  // `static_dir`: the built web client (web-client/dist); may not exist.
  // `data_dir`: the hub's; the rooms' HLS output is written to its live/,
  // served at /live/, and recorded rooms' replays to its replays/, served
  // at /replay/.
  // `owners` (cluster mode; null on a single hub): a room's HLS and
  // snapshot asked here while another node ingests its feed are redirected
  // to that node. `playlists`: the live playlists this node writes, for
  // LL-HLS blocking reloads (null: every playlist is served as a file).
  // `whep`, `whip`: WebRTC playback and contribution (null: /whep/,
  // /whip/ are not served).
  HttpRoutes(const Hub& hub, const HealthBoard& health, std::filesystem::path static_dir,
             const std::filesystem::path& data_dir, const FeedOwners* owners = nullptr,
             const LivePlaylists* playlists = nullptr, WebRtcEndpoint* whep = nullptr, WebRtcEndpoint* whip = nullptr);

  HttpResponse handle(const HttpRequest& request) const;

 private:
  HttpResponse health() const;
  HttpResponse program() const;
  HttpResponse metrics() const;
  HttpResponse staticFile(std::string_view path) const;
  HttpResponse liveFile(const HttpRequest& request) const;
  // /replay/<room>/index.m3u8 and its segments: a recorded room's session.
  HttpResponse replayFile(const HttpRequest& request) const;
  // A media playlist asked with LL-HLS delivery directives; nullopt when
  // there is no live playlist to block on (the file is served).
  std::optional<HttpResponse> blockingReload(const HttpRequest& request, const std::string& relative) const;
  // A playlist of a configured room with media that is not written yet
  // (the room is starting): held, then 503; nullopt for anything else.
  std::optional<HttpResponse> playlistNotYetWritten(const std::string& relative) const;
  // A part not written yet: held when it is the one the playlist hints.
  std::optional<HttpResponse> hintedPart(const std::string& relative) const;
  HttpResponse snapshot(const HttpRequest& request) const;
  // /api/v1/rooms/<booth>/logo: the image file the booth's configuration names.
  HttpResponse logo(const HttpRequest& request) const;
  // /whep/<room>[/<session>] and /whip/<room>[/<session>]
  HttpResponse webrtc(const HttpRequest& request) const;
  // Cluster mode: the answer when `room_id`'s media is not this node's to
  // serve (307 to its owner, or 503 while it has none); nullopt when it is.
  std::optional<HttpResponse> servedElsewhere(const std::string& room_id, const HttpRequest& request) const;

  const Hub& hub_;
  const HealthBoard& health_;
  std::filesystem::path static_dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path live_dir_;
  const FeedOwners* owners_;
  const LivePlaylists* playlists_;
  WebRtcEndpoint* whep_;
  WebRtcEndpoint* whip_;
};

// `message` as JSON (Protobuf's mapping), not to be cached.
HttpResponse jsonResponse(const google::protobuf::Message& message);

// A JSON error body {"status":404,"message":"..."} with that status.
HttpResponse httpError(int status, std::string message);

}  // namespace hallcast
