#include "app/cluster_feeds.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "store/open_stores.h"

namespace hallcast {

ClusterFeeds::ClusterFeeds(const EventConfig& config, FeedOwner self, FeedOwners& owners, HealthBoard& health,
                           MediaRuntime* media, RuntimeDesk& desk, LwsServer& server)
    : node_id_(self.node_id), owners_(owners), health_(health), media_(media) {
  std::vector<std::string> rooms;
  for (const RoomConfig& room : config.rooms) {
    if (room.media) rooms.push_back(room.id);
  }
  leases_ = std::make_unique<RedisFeedLeases>(
      *config.cluster.redis, redisKeyPrefix(config), std::move(self), std::move(rooms), media != nullptr,
      [this, &server](RedisFeedLeases::Round round) {
        server.post([this, round = std::move(round)]() mutable { apply(std::move(round)); });
      },
      [&server, &desk](std::string room_id, int action) {
        server.post([&desk, room_id = std::move(room_id), action] {
          desk.controlForwarded(room_id, static_cast<v1::FeedAction>(action));
        });
      });
}

ClusterFeeds::~ClusterFeeds() { stop(); }

void ClusterFeeds::start() { leases_->start(); }

void ClusterFeeds::stop() { leases_->stop(); }

void ClusterFeeds::apply(RedisFeedLeases::Round round) {
  for (const auto& [room, owner] : round.owners) {
    const FeedOwner* before = owners_.find(room);
    if (!before || before->node_id != owner.node_id) {
      spdlog::info("room {}: its feed is ingested by node {}{}", room, owner.node_id,
                   owner.node_id == node_id_ ? " (this one)" : "");
    }
  }
  for (const auto& [room, owner] : owners_.all()) {
    if (!round.owners.contains(room)) spdlog::warn("room {}: no node ingests its feed now", room);
  }
  owners_.set(std::move(round.owners), std::move(round.node_urls));

  std::map<std::string, v1::HealthReport> remote;
  for (const auto& [room, bytes] : round.health) {
    const FeedOwner* owner = owners_.elsewhere(room);
    v1::HealthReport report;
    // The holder's own report only: a new holder's first round may still
    // show the last holder's.
    if (!owner || !report.ParseFromString(bytes) || report.feeds_size() != 1 ||
        report.feeds(0).node_id() != owner->node_id) {
      continue;
    }
    remote[room] = std::move(report);
  }
  for (v1::Alert& alert : health_.setRemote(std::move(remote))) pending_.push_back(std::move(alert));

  if (!media_) return;
  std::set<std::string> mine = owners_.mine();
  if (mine != owned_) {
    owned_ = mine;
    media_->own(std::move(mine));
  }
}

std::vector<v1::Alert> ClusterFeeds::afterLocalReport() {
  leases_->setLocalHealth(health_.sharedReports());
  return std::exchange(pending_, {});
}

std::string advertiseUrl(const ClusterConfig& cluster, const std::string& listen_host, int port, bool tls) {
  if (!cluster.advertise_url.empty()) return cluster.advertise_url;
  std::string host = listen_host;
  if (host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]") {
    char name[256] = {};
    host = gethostname(name, sizeof name - 1) == 0 && name[0] ? name : "localhost";
  }
  if (host.find(':') != std::string::npos && !host.starts_with('[')) host = "[" + host + "]";  // IPv6
  return (tls ? "https://" : "http://") + host + ":" + std::to_string(port);
}

}  // namespace hallcast
