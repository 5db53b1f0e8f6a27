#pragma once
// The HTTP side of the hub: health, the program API, Prometheus metrics and
// the web client's static files. Decides what to answer; the transport sends it.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

  // The first value of query parameter `name`; nullopt when absent.
  std::optional<std::string_view> queryParam(std::string_view name) const;
};

class HttpRoutes {
 public:
  // `static_dir`: the built web client (web-client/dist); may not exist.
  // `live_dir`: where the rooms' HLS output is written, served at /live/.
  // `owners` (cluster mode; null on a single hub): a room's HLS and
  // snapshot asked here while another node ingests its feed are redirected
  // to that node.
  HttpRoutes(const Hub& hub, const HealthBoard& health, std::filesystem::path static_dir,
             std::filesystem::path live_dir, const FeedOwners* owners = nullptr);

  HttpResponse handle(const HttpRequest& request) const;

 private:
  HttpResponse health() const;
  HttpResponse program() const;
  HttpResponse metrics() const;
  HttpResponse staticFile(std::string_view path) const;
  HttpResponse liveFile(const HttpRequest& request) const;
  HttpResponse snapshot(const HttpRequest& request) const;
  // Cluster mode: the answer when `room_id`'s media is not this node's to
  // serve (307 to its owner, or 503 while it has none); nullopt when it is.
  std::optional<HttpResponse> servedElsewhere(const std::string& room_id, const HttpRequest& request) const;

  const Hub& hub_;
  const HealthBoard& health_;
  std::filesystem::path static_dir_;
  std::filesystem::path live_dir_;
  const FeedOwners* owners_;
};

// `message` as JSON (Protobuf's mapping), not to be cached.
HttpResponse jsonResponse(const google::protobuf::Message& message);

// A JSON error body {"status":404,"message":"..."} with that status.
HttpResponse httpError(int status, std::string message);

}  // namespace hallcast
