// Wires the hub together: configuration → durable log → hub → HTTP routes →
// the libwebsockets loop, then serves until a signal.

#include "app/serve.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "app/cluster_feeds.h"
#include "auth/data_secret.h"
#include "config/event_config.h"
#include "http/routes.h"
#include "http/webrtc_endpoint.h"
#include "media/health_board.h"
#include "media/runtime_desk.h"
#include "media_runtime.h"
#include "realtime/hub.h"
#include "store/open_stores.h"
#include "store/redis_db.h"
#include "store/redis_log_follower.h"
#include "store/redis_presence.h"
#include "store/redis_vote_store.h"
#include "transport/ws_server.h"

namespace hallcast {
namespace {

constexpr int kExitBadConfig = 2;
constexpr int kExitFailure = 1;

// Read by the signal handlers: a lock-free atomic, so that a signal during
// start-up or shut-down sees either the server or nothing.
std::atomic<LwsServer*> g_server{nullptr};
static_assert(std::atomic<LwsServer*>::is_always_lock_free);

void onSignal(int) {
  if (LwsServer* server = g_server.load()) server->stop();
}

void onHangup(int) {
  if (LwsServer* server = g_server.load()) server->requestReload();
}

// SIGHUP, on the loop thread: the blocked words are read again from the
// configuration file — only they; the rest takes a restart. A file that
// does not load leaves the words in force as they are.
void reloadBlockedWords(const std::string& config_path, Hub& hub, std::vector<std::string>& words) {
  const ConfigLoadResult loaded = loadEventConfig(config_path);
  if (!loaded.ok()) {
    for (const auto& error : loaded.errors) spdlog::error("{}", error.toString());
    spdlog::error("reload: {} has errors; the {} blocked words in force are kept", config_path,
                  hub.blockedWords().size());
    return;
  }
  const std::vector<std::string>& next = loaded.config.moderation.blocked_words;
  const auto missing_from = [](const std::vector<std::string>& in, const std::vector<std::string>& from) {
    return std::count_if(in.begin(), in.end(),
                         [&](const std::string& w) { return std::find(from.begin(), from.end(), w) == from.end(); });
  };
  hub.setBlockedWords(BlockedWords(next));
  spdlog::info("blocked words reloaded: {} entries ({} added, {} removed)", hub.blockedWords().size(),
               missing_from(next, words), missing_from(words, next));
  words = next;
}

// WHEP viewers and WHIP publishers go to the room pipelines through the
// media thread.
class MediaPeers : public WebRtcMedia {
 public:
  void attach(MediaRuntime* media) { media_ = media; }
  void addViewer(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                 const WebRtcOffer& tracks) override {
    media_->addViewer(room_id, session_id, offer_sdp, tracks);
  }
  void removeViewer(const std::string& room_id, const std::string& session_id) override {
    media_->removeViewer(room_id, session_id);
  }
  void publish(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
               const WebRtcOffer& tracks) override {
    media_->publish(room_id, session_id, offer_sdp, tracks);
  }
  void unpublish(const std::string& room_id, const std::string& session_id) override {
    media_->unpublish(room_id, session_id);
  }

 private:
  MediaRuntime* media_ = nullptr;
};

// "HOST:PORT" → host and port; false when malformed.
bool parseListen(const std::string& listen, ServerOptions& out) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  out.host = listen.substr(0, colon);
  try {
    std::size_t used = 0;
    const int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) return false;
    out.port = port;
  } catch (const std::exception&) {
    return false;
  }
  return !out.host.empty();
}

// The listener's certificate and key (tls:) into `out`; relative paths are
// the configuration file's neighbours. False, said in the log, when one
// cannot be read.
bool tlsFiles(const TlsConfig& tls, const std::string& config_path, ServerOptions& out) {
  if (!tls.enabled()) return true;
  const std::filesystem::path base = std::filesystem::absolute(config_path).parent_path();
  for (auto [key, file, into] : {std::tuple{"tls.cert_file", tls.cert_file, &out.tls_cert_file},
                                 std::tuple{"tls.key_file", tls.key_file, &out.tls_key_file}}) {
    const std::filesystem::path path = base / file;
    if (!std::ifstream(path).good()) {
      spdlog::error("{}: {}: cannot read {}", config_path, key, path.string());
      return false;
    }
    *into = path.string();
  }
  return true;
}

}  // namespace

int serve(const ServeOptions& options) {
  const ConfigLoadResult loaded = loadEventConfig(options.config_path);
  if (!loaded.ok()) {
    for (const auto& error : loaded.errors) spdlog::error("{}", error.toString());
    return kExitBadConfig;
  }
  EventConfig config = loaded.config;
  ServerOptions server_options;
  if (!parseListen(options.listen, server_options)) {
    spdlog::error("--listen: expected HOST:PORT, got \"{}\"", options.listen);
    return kExitBadConfig;
  }
  if (!tlsFiles(config.tls, options.config_path, server_options)) return kExitBadConfig;

  try {
    Metrics metrics;
    Stores stores = openStores(config, options.data_dir);
    spdlog::info("room events are kept in {}", stores.description);
    // Staff tokens and guests' resume tokens are signed with the event's
    // secret when it has one, else with one kept in the data directory
    // (which `hallcast token --data` reads); either way they survive a
    // restart.
    const bool own_secret = config.access.secret.empty();
    if (own_secret) config.access.secret = loadOrCreateDataSecret(options.data_dir);
    Hub hub(config, *stores.log, *stores.votes, metrics);
    spdlog::info("staff and guest tokens are signed with {}",
                 own_secret ? dataSecretPath(options.data_dir).string() : std::string("the event's access secret"));
    // Cluster mode: vote changes after this point reach the counts through
    // the follower; those before it, through the hashes restore() reads.
    const std::string votes_since = stores.redis_votes ? stores.redis_votes->newestChange() : "";
    hub.restore();
    const bool cluster = config.cluster.enabled();
    HealthBoard health(config.media.alerts, config.cluster.node_id);
    // Cluster mode: which node ingests each room's feed (the feed leases).
    FeedOwners owners(config.cluster.node_id);
    LivePlaylists playlists;  // loop thread
    MediaPeers peers;
    std::unique_ptr<WebRtcEndpoint> whep;  // loop thread
    std::unique_ptr<WebRtcEndpoint> whip;
    if (config.media.enabled && config.webrtc.enabled) {
      whep = std::make_unique<WebRtcEndpoint>(WebRtcEndpoint::Kind::kPlay, config, peers, metrics);
    }
    if (config.media.enabled) {
      whip = std::make_unique<WebRtcEndpoint>(WebRtcEndpoint::Kind::kPublish, config, peers, metrics);
    }
    HttpRoutes routes(hub, health, options.static_dir, options.data_dir, cluster ? &owners : nullptr, &playlists, whep.get(),
                      whip.get());
    LwsServer server(server_options, hub, routes, metrics);
    // Storage off the loop: writes go to the store's thread and come back
    // through the loop's queue.
    hub.writeOffTheLoop([&server](std::function<void()> task) { server.post(std::move(task)); });

    // The media thread reports health once a second; the report crosses to
    // the loop thread through its queue, where alerts are judged and the
    // technicians watching get both.
    std::unique_ptr<ClusterFeeds> cluster_feeds;
    MediaRuntime media(roomMediaConfigs(config, options.data_dir), [&](std::vector<RoomHealth> rooms) {
      server.post([&, rooms = std::move(rooms)]() mutable {
        std::vector<v1::Alert> changes;
        for (const AlertChange& change : health.update(std::move(rooms))) {
          spdlog::log(change.active ? spdlog::level::warn : spdlog::level::info, "room {}: alert {}: {}",
                      change.room_id, alertKindName(change.kind), change.message);
          changes.push_back(toProto(change));
        }
        if (cluster_feeds) {
          for (v1::Alert& alert : cluster_feeds->afterLocalReport()) changes.push_back(std::move(alert));
        }
        for (v1::Alert& alert : health.storeAlertChanges(hub.storeHealth())) {
          changes.push_back(std::move(alert));
        }
        if (hub.watchingHealth()) hub.publishHealth(health.report(hub), changes);
      });
    }, [&](PlaylistUpdate update) {
      // Each new part or segment: the playlist's latest version answers
      // the LL-HLS requests held for it.
      server.post([&, update = std::move(update)]() mutable {
        const std::string path = update.path;
        playlists.update(std::move(update));
        server.retryHeld(path);
      });
    }, [&](WebRtcEvent event) {
      // A WHEP viewer or WHIP publisher answered, refused or ended: its
      // held POST, if any, is answered now.
      server.post([&, event = std::move(event)] {
        for (WebRtcEndpoint* endpoint : {whep.get(), whip.get()}) {
          if (!endpoint) continue;
          if (const std::string key = endpoint->onEvent(event); !key.empty()) server.retryHeld(key);
        }
      });
    });
    peers.attach(&media);
    RuntimeDesk desk(config, health, media, hub, cluster ? &owners : nullptr,
                     [&stores, &hub](const FeedOwner& owner, const std::string& room_id, v1::FeedAction action,
                                     std::function<void(std::string)> done) {
                       hub.onStoreThread([&stores, node = owner.node_id, room_id,
                                          action] { forwardFeedControl(*stores.redis, node, room_id, action); },
                                         std::move(done));
                     });
    if (config.media.enabled) {
      hub.setMediaDesk(&desk);
      media.start();
    }
    if (cluster) {
      // Each feed is ingested by the node that holds its lease.
      const std::string url = advertiseUrl(config.cluster, server_options.host, server.port(), server_options.tls());
      cluster_feeds = std::make_unique<ClusterFeeds>(config, FeedOwner{config.cluster.node_id, url}, owners, health,
                                                     config.media.enabled ? &media : nullptr, desk, server);
      cluster_feeds->start();
    } else if (config.media.enabled) {
      std::set<std::string> all;
      for (const RoomConfig& room : config.rooms) {
        if (room.media) all.insert(room.id);
      }
      media.own(std::move(all));
    }

    // Cluster mode: the events other nodes append reach this node's members
    // (the follower's thread only posts them to the loop).
    // Viewer counts are summed across the nodes the same way.
    std::unique_ptr<RedisLogFollower> follower;
    std::unique_ptr<RedisPresence> presence;
    if (cluster) {
      follower = std::make_unique<RedisLogFollower>(
          *config.cluster.redis, redisKeyPrefix(config), hub.logHeads(),
          [&server, &hub](StoredEvent event) { server.post([&hub, event = std::move(event)] { hub.followLog(event); }); },
          votes_since,
          [&server, &hub](StoredVote vote, bool removed) {
            server.post([&hub, vote = std::move(vote), removed] { hub.followVote(vote, removed); });
          });
      follower->start();
      presence = std::make_unique<RedisPresence>(
          *config.cluster.redis, redisKeyPrefix(config), config.cluster.node_id,
          [&server, &hub](RedisPresence::Counts counts) {
            server.post([&hub, counts = std::move(counts)] { hub.setRemoteViewers(counts); });
          });
      hub.onLocalViewers([p = presence.get()](const std::string& room, uint32_t viewers) { p->setLocal(room, viewers); });
      presence->start();
    }

    g_server = &server;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::vector<std::string> blocked_words = config.moderation.blocked_words;
    server.onReload([&] { reloadBlockedWords(options.config_path, hub, blocked_words); });
    std::signal(SIGHUP, onHangup);
    std::signal(SIGPIPE, SIG_IGN);

    spdlog::info("event {} with {} rooms; data in {}", config.id, config.rooms.size(), options.data_dir);
    // One line on stdout for people and scripts (the tests read the port here).
    const char* http = server_options.tls() ? "https" : "http";
    std::printf("hallcast listening on %s://%s:%d\n", http, server_options.host.c_str(), server.port());
    std::fflush(stdout);
    spdlog::info("program: {}://{}:{}/api/v1/program", http, server_options.host, server.port());
    spdlog::info("WebSocket: {}://{}:{}/ws (subprotocol hallcast.v1)", server_options.tls() ? "wss" : "ws",
                 server_options.host, server.port());

    server.run();
    g_server = nullptr;
    hub.stopWriting();
    if (follower) follower->stop();
    if (cluster_feeds) cluster_feeds->stop();
    if (presence) {
      hub.onLocalViewers(nullptr);  // the hub outlives it
      presence->stop();
    }
    media.stop();
    spdlog::info("stopped");
    return 0;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return kExitFailure;
  }
}

}  // namespace hallcast
