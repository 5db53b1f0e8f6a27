#pragma once
// Which node ingests each room's feed, as this node last learned it from
// the feed leases (cluster mode). A single hub ingests every feed itself.
// Lives on the event-loop thread; HTTP (where a room's HLS is served) and
// feed control (where a technician's command goes) read it. Pure data.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace hallcast {

struct FeedOwner {
  std::string node_id;
  std::string url;  // the node's HTTP origin, "http://10.0.0.11:8080"
  bool operator==(const FeedOwner&) const = default;
};

class FeedOwners {
 public:
  explicit FeedOwners(std::string node_id) : node_id_(std::move(node_id)) {}

  // Every room with a lease holder now (rooms left out have none), and the
  // URLs of every node that may hold one.
  void set(std::map<std::string, FeedOwner> owners, std::vector<std::string> node_urls) {
    owners_ = std::move(owners);
    node_urls_ = std::move(node_urls);
  }
  // Where a room's media may be served from: the pages' Content Security
  // Policy lets the player fetch from these origins.
  const std::vector<std::string>& nodeUrls() const { return node_urls_; }

  // The room's owner; nullptr while no node holds its lease.
  const FeedOwner* find(const std::string& room_id) const {
    auto it = owners_.find(room_id);
    return it == owners_.end() ? nullptr : &it->second;
  }
  // Every room with a lease holder, and who.
  const std::map<std::string, FeedOwner>& all() const { return owners_; }
  // The owner when it is another node; nullptr when it is this one or none.
  const FeedOwner* elsewhere(const std::string& room_id) const {
    const FeedOwner* owner = find(room_id);
    return owner && owner->node_id != node_id_ ? owner : nullptr;
  }
  // The rooms whose feeds this node ingests.
  std::set<std::string> mine() const {
    std::set<std::string> out;
    for (const auto& [room, owner] : owners_) {
      if (owner.node_id == node_id_) out.insert(room);
    }
    return out;
  }

 private:
  std::string node_id_;
  std::map<std::string, FeedOwner> owners_;
  std::vector<std::string> node_urls_;
};

}  // namespace hallcast
