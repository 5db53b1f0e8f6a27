#pragma once
// Mutes and bans in force across the event. Pure: built by applying the
// stored Sanction events in order; times are passed in (Unix ms).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hallcast/v1/interaction.pb.h"

namespace hallcast {

class Sanctions {
 public:
  void apply(const v1::Sanction& sanction);

  // When the person's mute in `room_id` (or everywhere) ends: 0 when it
  // lasts until lifted, nullopt when not muted.
  std::optional<int64_t> mutedUntil(const std::string& user_id, const std::string& room_id, int64_t now_ms) const;
  std::optional<int64_t> bannedUntil(const std::string& user_id, int64_t now_ms) const;

  // The sanctions in force that concern `room_id` (its mutes, the
  // event-wide mutes, the bans), oldest first.
  std::vector<v1::Sanction> inForce(const std::string& room_id, int64_t now_ms) const;

 private:
  // (user id, room id or "" for everywhere) -> the MUTE in force;
  // (user id, "*") -> the BAN in force.
  std::map<std::pair<std::string, std::string>, v1::Sanction> active_;
};

// Unix ms of a sanction's end; 0 when it has none.
int64_t sanctionEndMs(const v1::Sanction& sanction);

}  // namespace hallcast
