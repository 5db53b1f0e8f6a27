#include "http/routes.h"

#include <glib.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "common/utf8.h"
#include "common/version.h"
#include "common/wall_clock.h"
#include "http/metrics_page.h"
#include "http/origin_policy.h"
#include "http/program_api.h"
#include "http/staff_api.h"
#include "http/webrtc_endpoint.h"

namespace hallcast {
namespace {

constexpr const char* kJson = "application/json";

std::string toJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;  // viewers: 0 is information too
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

const char* mimeType(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// Shown at / until the web client is built (web-client/dist).
constexpr const char* kLandingPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hallcast</title></head>
<body><h1>hallcast is running</h1>
<p>The web client is not built yet. The hub serves:</p>
<ul>
<li><a href="/api/v1/program">/api/v1/program</a> — the event and its rooms (JSON)</li>
<li><a href="/healthz">/healthz</a> — health (JSON)</li>
<li><a href="/metrics">/metrics</a> — Prometheus metrics</li>
<li><code>/ws</code> — WebSocket, subprotocol <code>hallcast.v1</code></li>
</ul></body></html>
)";

// The web client's pages may load only the hub's own scripts, styles,
// images and streams: user text that slipped into the page as HTML could run
// nothing. hls.js plays through Media Source Extensions (blob: media URLs)
// and runs its transmuxer in a worker made from a blob: URL. In a cluster
// the player and the thumbnails may be redirected to the node that ingests
// a room: `media_origins` are those nodes.
std::string contentSecurityPolicy(const std::vector<std::string>& media_origins) {
  std::string others;
  for (const std::string& origin : media_origins) others += " " + origin;
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + others +
         "; media-src 'self' blob:; connect-src 'self' ws: wss:" + others +
         "; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

// The room of /api/v1/rooms/<room><suffix> (empty when there is none).
std::string roomIdOf(std::string_view path, std::string_view suffix) {
  constexpr std::string_view kPrefix = "/api/v1/rooms/";
  if (path.size() < kPrefix.size() + suffix.size()) return {};
  return std::string(path.substr(kPrefix.size(), path.size() - kPrefix.size() - suffix.size()));
}

// A page of the single-page app rather than a file: no extension in the
// last segment (/room/main-forum, /room/main-forum/, /moderator).
bool isAppPath(std::string_view path) {
  while (path.ends_with('/')) path.remove_suffix(1);
  const std::string_view last = path.substr(path.rfind('/') + 1);
  return !last.empty() && last.find('.') == std::string_view::npos;
}

// `relative` inside `root` when it names a regular file there; never a path
// outside `root` (no "..", no absolute paths).
std::optional<std::filesystem::path> fileUnder(const std::filesystem::path& root, const std::string& relative) {
  const std::filesystem::path candidate = std::filesystem::path(relative).lexically_normal();
  if (candidate.empty() || candidate.is_absolute() || *candidate.begin() == "..") return std::nullopt;
  std::error_code ec;
  const std::filesystem::path file = root / candidate;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  return file;
}

// `bytes` percent-encoded (RFC 3986 §2.1) but for unreserved characters
// and `allowed`. GLib 2.74 stops at a NUL byte (what follows it is
// dropped): nothing that ends a header gets through either way.
std::string uriEscape(std::string_view bytes, const char* allowed = nullptr) {
  char* escaped = g_uri_escape_bytes(reinterpret_cast<const guint8*>(bytes.data()), bytes.size(), allowed);
  std::string out(escaped);
  g_free(escaped);
  return out;
}

}  // namespace

HttpResponse httpError(int status, std::string message) {
  v1::ApiError error;
  error.set_status(status);
  // Messages quote what was asked (a path, a room id) as sent.
  error.set_message(toValidUtf8(message));
  HttpResponse r = jsonResponse(error);
  r.status = status;
  return r;
}

HttpRoutes::HttpRoutes(const Hub& hub, const HealthBoard& health, std::filesystem::path static_dir,
                       const std::filesystem::path& data_dir, const FeedOwners* owners,
                       const LivePlaylists* playlists, WebRtcEndpoint* whep, WebRtcEndpoint* whip)
    : hub_(hub),
      health_(health),
      static_dir_(std::move(static_dir)),
      data_dir_(data_dir),
      live_dir_(data_dir / "live"),
      owners_(owners),
      playlists_(playlists),
      whep_(whep),
      whip_(whip) {}

namespace {

// A playlist, segment or part of a stream (live or replay).
HttpResponse mediaFile(const std::filesystem::path& file) {
  HttpResponse r;
  r.file = file;
  const std::string ext = file.extension().string();
  if (ext == ".m3u8") {
    // RFC 8216 §4: the playlist's type; it changes every segment, so no caching.
    r.content_type = "application/vnd.apple.mpegurl";
    r.headers.emplace_back("cache-control", "no-cache");
  } else if (ext == ".ts") {
    // A segment's name is never reused (it carries its output's start time).
    r.content_type = "video/mp2t";
    r.headers.emplace_back("cache-control", "public, max-age=86400, immutable");
  } else {
    r.content_type = mimeType(file);
  }
  // Players on other origins (embeds, test tools) may fetch the stream.
  r.headers.emplace_back("access-control-allow-origin", "*");
  return r;
}

}  // namespace

HttpResponse jsonResponse(const google::protobuf::Message& message) {
  HttpResponse r;
  r.content_type = kJson;
  r.body = toJson(message);
  r.headers.emplace_back("cache-control", "no-store");
  return r;
}

std::optional<std::string_view> HttpRequest::queryParam(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

HttpResponse HttpRoutes::handle(const HttpRequest& request) const {
  const std::string_view method = request.method;
  const std::string_view path = request.path;
  if (!path.starts_with('/')) {
    // RFC 9112 §3.2.1: an origin server is asked for an absolute path.
    return httpError(400, "the request target must be a path starting with /");
  }
  if (path.starts_with("/whep/") || path.starts_with("/whip/")) return webrtc(request);
  if (method != "GET" && method != "HEAD") {
    HttpResponse r = httpError(405, "method " + std::string(method) + " is not allowed here");
    r.headers.emplace_back("allow", "GET, HEAD");
    return r;
  }
  if (path.starts_with("/api/")) {
    // Pages of other sites may not read the API with a visitor's browser.
    if (auto refused = refuseOrigin(request.origin, request.host, hub_.config().access.allowed_origins)) {
      return httpError(403, *refused);
    }
  }
  if (path == "/healthz") return health();
  if (path == "/api/v1/program") return program();
  if (path == "/metrics") return metrics();
  if (path == "/api/v1/health") return jsonResponse(health_.report(hub_));
  if (path.starts_with("/api/v1/rooms/") && path.ends_with("/snapshot.jpg")) return snapshot(request);
  if (path.starts_with("/api/v1/rooms/") && path.ends_with("/logo")) return logo(request);
  if (path == "/api/v1/audit") return auditLog(hub_, request);
  if (path.starts_with("/api/v1/rooms/") &&
      (path.ends_with("/questions.csv") || path.ends_with("/questions.json"))) {
    return questionExport(hub_, request);
  }
  if (path.starts_with("/api/")) return httpError(404, "no API at " + std::string(path));
  if (path.starts_with("/live/")) return liveFile(request);
  if (path.starts_with("/replay/")) return replayFile(request);
  return staticFile(path);
}

HttpResponse HttpRoutes::health() const {
  v1::Health health;
  const StoreHealth& store = hub_.storeHealth();
  health.set_status(store.failing() ? "degraded" : "ok");
  if (store.failing()) health.set_problem("storage: " + store.lastError());
  health.set_version(version());
  health.set_uptime_seconds(hub_.metrics().uptimeSeconds());
  health.set_connections(static_cast<uint32_t>(hub_.sessionCount()));
  health.set_rooms(static_cast<uint32_t>(hub_.rooms().size()));
  HttpResponse r = jsonResponse(health);
  if (store.failing()) r.status = 503;  // load balancers: send people elsewhere
  return r;
}

HttpResponse HttpRoutes::program() const { return jsonResponse(buildProgram(hub_, health_, nowUnixMs(), data_dir_)); }

HttpResponse HttpRoutes::metrics() const {
  HttpResponse r;
  r.content_type = PrometheusText::kContentType;
  r.body = renderMetrics(hub_, health_);
  return r;
}

HttpResponse HttpRoutes::staticFile(std::string_view path) const {
  std::string relative(path.substr(1));
  if (relative.empty() || relative.ends_with('/')) relative += "index.html";
  auto file = fileUnder(static_dir_, relative);
  // The app's own paths (/room/ID, ...) are pages of the single-page app:
  // a path whose last segment has no extension gets its index.html.
  if (!file && isAppPath(path)) file = fileUnder(static_dir_, "index.html");
  if (file) {
    HttpResponse r;
    r.content_type = mimeType(*file);
    r.file = *file;
    if (file->extension() == ".html") {
      r.headers.emplace_back("content-security-policy",
                             contentSecurityPolicy(owners_ ? owners_->nodeUrls() : std::vector<std::string>{}));
      r.headers.emplace_back("cache-control", "no-cache");
    }
    return r;
  }
  std::error_code ec;
  if (path == "/" && !std::filesystem::exists(static_dir_ / "index.html", ec)) {
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = kLandingPage;
    return r;
  }
  return httpError(404, "not found: " + std::string(path));
}

std::optional<HttpResponse> HttpRoutes::servedElsewhere(const std::string& room_id, const HttpRequest& request) const {
  if (!owners_ || !hub_.config().findRoom(room_id)) return std::nullopt;
  if (const FeedOwner* owner = owners_->elsewhere(room_id)) {
    // RFC 9110 §15.4.8: the same request, at the owner. Never cached: the
    // feed may move. Players (hls.js, ffmpeg) follow it and resolve the
    // playlist's relative segment URIs against the owner; the nginx edge
    // follows it itself (config/nginx/hallcast-edge.conf).
    HttpResponse r;
    r.status = 307;
    r.content_type = "text/plain; charset=utf-8";
    // The path and query arrive percent-decoded: encoded again, a byte
    // such as CR or LF cannot end the header (found by http_route_fuzzer).
    std::string location = owner->url + uriEscape(request.path, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH);
    char separator = '?';
    for (const auto& [name, value] : request.query) {
      location += separator + uriEscape(name) + "=" + uriEscape(value);
      separator = '&';
    }
    r.body = "room \"" + room_id + "\" is served by node " + owner->node_id + ": " + location + "\n";
    r.headers.emplace_back("location", location);
    r.headers.emplace_back("cache-control", "no-store");
    r.headers.emplace_back("access-control-allow-origin", "*");
    return r;
  }
  if (owners_->find(room_id)) return std::nullopt;  // this node's
  HttpResponse r = httpError(
      503, "no node ingests the feed of room \"" + room_id + "\" right now; it moves to another within seconds");
  r.headers.emplace_back("retry-after", "1");
  r.headers.emplace_back("access-control-allow-origin", "*");
  return r;
}

HttpResponse HttpRoutes::snapshot(const HttpRequest& request) const {
  // /api/v1/rooms/<room>/snapshot.jpg; the room writes it into its live directory.
  const std::string room_id = roomIdOf(request.path, "/snapshot.jpg");
  if (!hub_.config().findRoom(room_id)) return httpError(404, "no room \"" + room_id + "\" in this event");
  if (auto elsewhere = servedElsewhere(room_id, request)) return *elsewhere;
  auto file = fileUnder(live_dir_, room_id + "/snapshot.jpg");
  if (!file) return httpError(404, "no snapshot of \"" + room_id + "\" yet");
  HttpResponse r;
  r.file = *file;
  r.content_type = "image/jpeg";
  r.headers.emplace_back("cache-control", "no-cache");
  return r;
}

HttpResponse HttpRoutes::logo(const HttpRequest& request) const {
  const std::string room_id = roomIdOf(request.path, "/logo");
  const RoomConfig* room = hub_.config().findRoom(room_id);
  if (!room || !room->booth) return httpError(404, "no booth \"" + room_id + "\" in this event");
  std::error_code ec;
  if (room->booth->logo.empty() || !std::filesystem::is_regular_file(room->booth->logo, ec)) {
    return httpError(404, "booth \"" + room_id + "\" has no logo");
  }
  HttpResponse r;
  r.file = room->booth->logo;
  r.content_type = mimeType(r.file);
  // An SVG opened on its own is a document of this origin: it may run nothing.
  r.headers.emplace_back("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  r.headers.emplace_back("x-content-type-options", "nosniff");
  r.headers.emplace_back("cache-control", "public, max-age=300");
  return r;
}

HttpResponse HttpRoutes::webrtc(const HttpRequest& request) const {
  // /whep/<room> or /whep/<room>/<session>; the same for /whip/.
  const bool play = request.path.starts_with("/whep/");
  const std::string rest = request.path.substr(std::string_view("/whep/").size());
  const std::size_t slash = rest.find('/');
  const std::string room_id = rest.substr(0, slash);
  const std::string session_id = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
  if (!hub_.config().findRoom(room_id) || session_id.find('/') != std::string::npos ||
      (slash != std::string::npos && session_id.empty())) {
    return httpError(404, "no " + std::string(play ? "WHEP" : "WHIP") + " endpoint at " + request.path +
                              (play ? " (rooms play at /whep/<room>)" : " (whip:// rooms take feeds at /whip/<room>)"));
  }
  WebRtcEndpoint* endpoint = play ? whep_ : whip_;
  if (!endpoint) {
    return httpError(404, play ? "WebRTC playback is off on this hub (webrtc.enabled, media.enabled)"
                               : "WHIP is off on this hub (media.enabled)");
  }
  // A CORS preflight is answered here: browsers do not follow its redirects.
  if (request.method != "OPTIONS") {
    if (auto elsewhere = servedElsewhere(room_id, request)) return *elsewhere;
  }
  return endpoint->handle(request, room_id, session_id);
}

namespace {

// A delivery directive's decimal-integer (RFC 8216bis §6.2.5, §4.2).
std::optional<uint64_t> directiveNumber(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

HttpResponse playlistResponse(std::string text) {
  HttpResponse r;
  r.content_type = "application/vnd.apple.mpegurl";
  r.body = std::move(text);
  r.headers.emplace_back("cache-control", "no-cache");
  r.headers.emplace_back("access-control-allow-origin", "*");
  return r;
}

// A request held until the live playlist at `playlist` changes, for at most
// three target durations (§6.2.5.2); then answered 503 with `message`.
HttpResponse heldFor(const std::string& playlist, const HlsPosition& at, std::string message) {
  HttpResponse r = httpError(503, std::move(message));
  r.headers.emplace_back("retry-after", "1");
  r.headers.emplace_back("access-control-allow-origin", "*");
  r.wait_for = playlist;
  r.wait_until = std::chrono::steady_clock::now() +
                 std::chrono::nanoseconds(3 * std::max<int64_t>(at.target_duration_ns, 1'000'000'000));
  return r;
}

}  // namespace

std::optional<HttpResponse> HttpRoutes::blockingReload(const HttpRequest& request, const std::string& relative) const {
  const auto msn_text = request.queryParam("_HLS_msn");
  const auto part_text = request.queryParam("_HLS_part");
  if (!msn_text && !part_text) return std::nullopt;
  const PlaylistUpdate* live = playlists_ ? playlists_->find(relative) : nullptr;
  if (!live || live->position.part_target_ns <= 0) return std::nullopt;  // no blocking offered: the file
  // RFC 8216bis §6.2.5.2.
  if (!msn_text) return httpError(400, "_HLS_part needs _HLS_msn (RFC 8216bis 6.2.5.2)");
  const auto msn = directiveNumber(*msn_text);
  const auto part = part_text ? directiveNumber(*part_text) : std::optional<uint64_t>{};
  if (!msn || (part_text && !part)) return httpError(400, "_HLS_msn and _HLS_part must be decimal integers");
  switch (hallcast::blockingReload(live->position, *msn, part)) {
    case ReloadState::kReady:
      return playlistResponse(live->text);
    case ReloadState::kTooFar:
      return httpError(400, "_HLS_msn=" + std::to_string(*msn) +
                                (part ? ",_HLS_part=" + std::to_string(*part) : std::string()) +
                                " is further ahead than a client may ask: the playlist is at segment " +
                                std::to_string(live->position.openSequence()) + " part " +
                                std::to_string(live->position.open_parts));
    case ReloadState::kWait:
      break;
  }
  return heldFor(relative, live->position,
                 "the playlist did not reach the asked segment or part within three target durations");
}

std::optional<HttpResponse> HttpRoutes::hintedPart(const std::string& relative) const {
  if (!playlists_) return std::nullopt;
  const auto slash = relative.rfind('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string playlist = relative.substr(0, slash + 1) + "index.m3u8";
  const PlaylistUpdate* live = playlists_->find(playlist);
  // §6.2.6: a hinted part is answered once it is whole; anything else
  // that does not exist is Not Found.
  if (!live || live->position.preload_hint != relative.substr(slash + 1)) return std::nullopt;
  return heldFor(playlist, live->position, "the hinted part was not written within three target durations");
}

HttpResponse HttpRoutes::liveFile(const HttpRequest& request) const {
  // /live/<room>/index.m3u8 and its segments.
  const std::string_view path = request.path;
  const std::string relative(path.substr(std::string_view("/live/").size()));
  if (auto elsewhere = servedElsewhere(relative.substr(0, relative.find('/')), request)) return *elsewhere;
  if (relative.ends_with(".m3u8")) {
    if (auto answer = blockingReload(request, relative)) return *answer;
  }
  auto file = fileUnder(live_dir_, relative);
  if (!file && relative.ends_with(".ts")) {
    if (auto held = hintedPart(relative)) return *held;
  }
  if (!file && relative.ends_with(".m3u8")) {
    if (auto starting = playlistNotYetWritten(relative)) return *starting;
  }
  if (!file) return httpError(404, "not found: " + std::string(path));
  return mediaFile(*file);
}

std::optional<HttpResponse> HttpRoutes::playlistNotYetWritten(const std::string& relative) const {
  // A room's playlists appear with its first segment, a second or two
  // after the hub (or the room) starts; the program lists the room at
  // once. A player that asks meanwhile is held until the room's playlist
  // changes, then answered 503 with Retry-After — a status players retry
  // (hls.js does, a 404 is final), never 404 while the room is configured.
  const std::string room_id = relative.substr(0, relative.find('/'));
  const RoomConfig* room = hub_.config().findRoom(room_id);
  if (!playlists_ || !hub_.config().media.enabled || !room || !room->media) return std::nullopt;
  const std::vector<std::string> playlists = livePlaylistPaths(*room);
  if (std::find(playlists.begin(), playlists.end(), "/live/" + relative) == playlists.end()) return std::nullopt;
  HttpResponse r = httpError(503, "room \"" + room_id + "\" is starting: its stream has no segment yet");
  r.headers.emplace_back("retry-after", "1");
  r.headers.emplace_back("access-control-allow-origin", "*");
  r.headers.emplace_back("cache-control", "no-store");
  r.wait_for = room_id + "/index.m3u8";
  r.wait_until = std::chrono::steady_clock::now() + kStartingHold;
  return r;
}

HttpResponse HttpRoutes::replayFile(const HttpRequest& request) const {
  const std::string_view path = request.path;
  const std::string relative(path.substr(std::string_view("/replay/").size()));
  const std::string room_id = relative.substr(0, relative.find('/'));
  const RoomConfig* room = hub_.config().findRoom(room_id);
  if (!room) return httpError(404, "no room \"" + room_id + "\" in this event");
  if (!room->record) return httpError(404, "room \"" + room_id + "\" is not recorded: it has no replay");
  if (auto elsewhere = servedElsewhere(room_id, request)) return *elsewhere;
  auto file = fileUnder(data_dir_ / "replays", relative);
  if (!file) return httpError(404, "not found: " + std::string(path));
  return mediaFile(*file);
}

}  // namespace hallcast
