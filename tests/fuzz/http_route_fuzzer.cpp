// Fuzzes the hub's HTTP side: any method, path, query, Authorization,
// Origin and Host, as the transport hands them to HttpRoutes (lws has
// already percent-decoded the path and the query's arguments), on a single
// hub and on a cluster node whose main forum is ingested by another node.
//
// The input is the request's fields, one a line: method, path, query
// (name=value pairs joined by '&'), Authorization, Origin, Host. An
// Authorization of "admin" or "moderator" is replaced by a valid token of
// that role, so that the staff API's handlers are reached too.
//
// Promises checked: a status between 100 and 599; a JSON body is never
// empty (an error quoting a path that is not UTF-8 too); no header name or value
// carries a control character (no response splitting through a Location
// made from the path); a file served lies inside the web client's or the
// streams' directory — never the signing secret beside them, nor anything
// else on the machine; a request held (an LL-HLS blocking reload of the
// panel's live playlist, its hinted part) waits for a playlist this node
// writes, for less than a minute, with a 503 to send should it time out.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "auth/access_token.h"
#include "fuzz_event.h"
#include "http/routes.h"
#include "media/feed_owners.h"
#include "media/health_board.h"
#include "metrics/metrics.h"
#include "realtime/hub.h"
#include "store/sqlite_db.h"
#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"

namespace hallcast::fuzz {
namespace {

namespace fs = std::filesystem;

void writeFile(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

std::string token(v1::Role role) {
  AccessClaims claims;
  claims.role = role;
  claims.name = "Fuzz";
  claims.subject = "fuzz";
  claims.expires = std::chrono::system_clock::now() + std::chrono::hours(24 * 365);
  return "Bearer " + mintAccessToken(kSecret, claims);
}

// A hub with its files: the web client, the streams, and a secret beside
// them that no request may read.
struct Site {
  fs::path root = scratchDir();
  fs::path static_dir = root / "web";
  SqliteDb db{root, SyncMode::kNormal};
  SqliteEventLog log{db};
  SqliteVoteStore votes{db};
  Metrics metrics;
  Hub hub{fuzzEvent(), log, votes, metrics};
  HealthBoard health;
  FeedOwners owners{"node-a"};
  LivePlaylists playlists;  // panel-a's, low-latency: blocking reloads and a hinted part
  HttpRoutes single{hub, health, static_dir, root, nullptr, &playlists};
  HttpRoutes cluster{hub, health, static_dir, root, &owners, &playlists};
  std::string admin = token(v1::ROLE_ADMIN);
  std::string moderator = token(v1::ROLE_MODERATOR);

  Site() {
    writeFile(root / "secret", "do not serve");
    writeFile(static_dir / "index.html", "<!doctype html>");
    writeFile(static_dir / "assets" / "app.js", "export {}");
    writeFile(root / "live" / "main-forum" / "index.m3u8", "#EXTM3U\n");
    writeFile(root / "live" / "main-forum" / "seg00000001.ts", "ts");
    writeFile(root / "live" / "main-forum" / "snapshot.jpg", "jpg");
    writeFile(root / "live" / "panel-a" / "index.m3u8", "#EXTM3U\n");
    HlsPlaylist live(2'000'000'000, 6, 334'000'000);
    for (int i = 0; i < 8; ++i) {
      live.addPart({"1-p" + std::to_string(i) + ".ts", 300'000'000, i % 7 == 0}, 0, false, "1-p" + std::to_string(i + 1) + ".ts");
      if (i == 6) live.add({"1-000000.ts", 2'000'000'000, 0, false});
    }
    playlists.update({"panel-a/index.m3u8", live.render(), live.position()});
    hub.restore();
    owners.set({{"main-forum", {"node-b", "http://127.0.0.2:8080"}}, {"panel-a", {"node-a", "http://127.0.0.1:8080"}}},
               {"http://127.0.0.1:8080", "http://127.0.0.2:8080"});
  }
};

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

bool inside(const fs::path& file, const fs::path& dir) {
  const fs::path canonical = fs::weakly_canonical(file);
  const fs::path base = fs::canonical(dir);
  auto [end, _] = std::mismatch(base.begin(), base.end(), canonical.begin(), canonical.end());
  return end == base.end();
}

void check(const Site& site, const HttpResponse& response) {
  if (response.status < 100 || response.status > 599) broken("status " + std::to_string(response.status));
  for (const auto& [name, value] : response.headers) {
    if (name.empty()) broken("a header without a name");
    for (const std::string* text : {&name, &value}) {
      for (unsigned char c : *text) {
        if (c < 0x20 || c == 0x7f) broken("a control character in header " + name + ": " + value);
      }
    }
  }
  if (response.file.empty() && response.content_type == "application/json" && response.body.empty()) {
    broken("an empty JSON body with status " + std::to_string(response.status));
  }
  if (!response.wait_for.empty()) {
    // Held: for a playlist this node writes, answered by then with an error.
    if (!site.playlists.find(response.wait_for)) broken("held for a playlist nobody writes: " + response.wait_for);
    if (response.status != 503 || response.body.empty()) broken("a held request's timeout answer is not a 503");
    if (response.wait_until > std::chrono::steady_clock::now() + std::chrono::seconds(60)) {
      broken("held for more than a minute");
    }
  }
  if (!response.file.empty()) {
    if (!fs::is_regular_file(response.file)) broken("serves a file that is not one: " + response.file.string());
    if (!inside(response.file, site.static_dir) && !inside(response.file, site.root / "live")) {
      broken("serves a file outside the web client and the streams: " + response.file.string());
    }
  }
}

}  // namespace
}  // namespace hallcast::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace hallcast;
  using namespace hallcast::fuzz;
  static Site site;
  const auto fields = split(std::string_view(reinterpret_cast<const char*>(data), size), '\n');
  auto field = [&](std::size_t i) { return i < fields.size() ? std::string(fields[i]) : std::string(); };
  HttpRequest request;
  request.method = field(0);
  request.path = field(1);
  if (fields.size() > 2 && !fields[2].empty()) {
    for (std::string_view pair : split(fields[2], '&')) {
      const std::size_t eq = pair.find('=');
      request.query.emplace_back(std::string(pair.substr(0, eq)),
                                 eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
    }
  }
  request.authorization = field(3);
  if (request.authorization == "admin") request.authorization = site.admin;
  if (request.authorization == "moderator") request.authorization = site.moderator;
  request.origin = field(4);
  request.host = field(5);
  check(site, site.single.handle(request));
  check(site, site.cluster.handle(request));
  return 0;
}
