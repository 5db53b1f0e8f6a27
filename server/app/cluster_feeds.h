#pragma once
// Cluster mode's media side, on the event-loop thread: every second the
// feed leases (RedisFeedLeases, on its own thread) say which node ingests
// each room; this applies it — who owns what (for HTTP redirects and feed
// control), the pipelines this node runs, the health the other nodes
// published — and hands this node's own health to the leases to publish.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/event_config.h"
#include "hallcast/v1/health.pb.h"
#include "media/feed_owners.h"
#include "media/health_board.h"
#include "media/runtime_desk.h"
#include "media_runtime.h"
#include "store/redis_feed_leases.h"
#include "transport/ws_server.h"

namespace hallcast {

class ClusterFeeds {
 public:
  // `media` runs this node's pipelines; null when media is off here (the
  // node then takes no lease and only learns who holds them).
  ClusterFeeds(const EventConfig& config, FeedOwner self, FeedOwners& owners, HealthBoard& health,
               MediaRuntime* media, RuntimeDesk& desk, LwsServer& server);
  ~ClusterFeeds();
  ClusterFeeds(const ClusterFeeds&) = delete;
  ClusterFeeds& operator=(const ClusterFeeds&) = delete;

  void start();
  // Releases this node's leases, so that other nodes take the feeds now.
  void stop();

  // After each report of this node's media: its rooms' health goes out
  // with the next renewal; returns the alerts of other nodes' rooms
  // raised or cleared since the last call (they reach technicians with
  // this node's report).
  std::vector<v1::Alert> afterLocalReport();

 private:
  void apply(RedisFeedLeases::Round round);

  std::string node_id_;
  FeedOwners& owners_;
  HealthBoard& health_;
  MediaRuntime* media_;
  std::unique_ptr<RedisFeedLeases> leases_;
  std::set<std::string> owned_;  // rooms whose pipelines run here
  std::vector<v1::Alert> pending_;
};

// The URL other nodes and edges reach this node at: the configured one, or
// http(s)://HOST:PORT from the address it listens on (the host's name for
// a wildcard address).
std::string advertiseUrl(const ClusterConfig& cluster, const std::string& listen_host, int port, bool tls);

}  // namespace hallcast
