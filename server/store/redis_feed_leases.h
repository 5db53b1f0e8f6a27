#pragma once
// Feed ownership across a cluster: each room's feed is ingested by exactly
// one node, the holder of the room's lease in Redis (a key with a TTL that
// its holder renews twice a second). A node that dies stops renewing; when
// its leases expire another node takes them, and the feeds with them. One
// script per round does all of it atomically for every room: renews this
// node's leases, takes free ones it may take, publishes the health of the
// rooms it holds and returns every room's holder and health.
//
// Who takes a free lease: its last holder at once (its key was lost with a
// restarted Redis: the feed stays where it runs); after a round free, the
// node the room prefers among the live ingesting nodes (highest hash of
// node and room — rendezvous hashing, so that feeds spread over the nodes
// that start together); after two, any node (the preferred one is gone
// too). A node takes nothing in its first seconds (the others register
// meanwhile) and never hands a live feed over by itself: moving a feed
// interrupts it.
//
// While Redis cannot be reached a node keeps the feeds it has (nobody can
// take them then); when Redis is back, their holders take them back first.
//
// Technicians' commands for a room another node ingests go to that node
// through a list of its own (forwardFeedControl), which the holder pops
// between renewals.
//
// Runs on a RedisWorker's thread; `on_round` and `on_control` run there
// and must only post to the loop.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "media/feed_owners.h"
#include "store/redis_worker.h"

namespace hallcast {

class RedisDb;

class RedisFeedLeases final : public RedisWorker {
 public:
  // Twice a second: a free lease is taken within a second of being free.
  static constexpr std::chrono::milliseconds kInterval{500};
  // Five renewals may fail before a lease is lost.
  static constexpr std::chrono::milliseconds kTtl{3000};
  // How long a node waits after starting before it counts free leases.
  static constexpr std::chrono::milliseconds kStartupGrace{1500};
  // Rounds a lease must be seen free before a node it does not prefer takes it.
  static constexpr int kFreeRounds = 2;

  // What one round learned: each room's holder (rooms without one left
  // out); for rooms held, the health their holder published (a
  // serialized v1::HealthReport; absent before its first); and where the
  // nodes that may hold a lease are (players may be sent there).
  struct Round {
    std::map<std::string, FeedOwner> owners;
    std::map<std::string, std::string> health;
    std::vector<std::string> node_urls;  // of every live ingesting node
  };
  using OnRound = std::function<void(Round)>;
  // A command a technician gave on another node: the room, a v1::FeedAction.
  using OnControl = std::function<void(std::string room_id, int action)>;

  // `ingest`: whether this node takes leases at all (media on); a node
  // without media only learns who holds them.
  RedisFeedLeases(RedisAddress address, std::string prefix, FeedOwner self, std::vector<std::string> rooms,
                  bool ingest, OnRound on_round, OnControl on_control);
  ~RedisFeedLeases() override { stop(); }

  // The health of the rooms this node ingests (room -> serialized
  // v1::HealthReport), published with the next renewal. Any thread.
  void setLocalHealth(std::map<std::string, std::string> health);

 private:
  void step(RedisDb& db) override;
  // Leaving: the leases are released, so that another node takes the
  // feeds at once rather than after the TTL.
  void finish(RedisDb* db) override;
  // Runs the script; `release` gives every lease held up.
  Round renew(RedisDb& db, bool release);
  // Pops forwarded commands until the next renewal is due.
  void serveControls(RedisDb& db, std::chrono::steady_clock::time_point until);

  FeedOwner self_;
  std::string lease_value_;  // "<node id> <url>"
  std::vector<std::string> rooms_;
  bool ingest_;
  OnRound on_round_;
  OnControl on_control_;
  std::chrono::steady_clock::time_point started_;
  std::map<std::string, int> free_rounds_;  // room -> rounds seen without a holder
  std::set<std::string> held_;              // rooms this node held at the last round
  std::mutex mutex_;
  std::map<std::string, std::string> local_health_;  // guarded by mutex_
};

// Sends a technician's `action` (a v1::FeedAction) for `room_id` to the
// node that ingests it. Throws StoreError when Redis cannot take it.
void forwardFeedControl(RedisDb& db, const std::string& node_id, const std::string& room_id, int action);

}  // namespace hallcast
