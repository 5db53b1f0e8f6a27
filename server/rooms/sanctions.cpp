#include "rooms/sanctions.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

namespace hallcast {
namespace {

constexpr const char* kBanScope = "*";

bool inForceAt(const v1::Sanction& s, int64_t now_ms) {
  const int64_t end = sanctionEndMs(s);
  return end == 0 || end > now_ms;
}

}  // namespace

int64_t sanctionEndMs(const v1::Sanction& sanction) {
  if (!sanction.has_until()) return 0;
  return google::protobuf::util::TimeUtil::TimestampToMilliseconds(sanction.until());
}

void Sanctions::apply(const v1::Sanction& sanction) {
  const std::string& user = sanction.target().user_id();
  switch (sanction.kind()) {
    case v1::SANCTION_KIND_MUTE:
      active_[{user, sanction.room_id()}] = sanction;
      break;
    case v1::SANCTION_KIND_UNMUTE:
      active_.erase({user, sanction.room_id()});
      break;
    case v1::SANCTION_KIND_BAN:
      active_[{user, kBanScope}] = sanction;
      break;
    case v1::SANCTION_KIND_UNBAN:
      active_.erase({user, kBanScope});
      break;
    default:
      break;
  }
}

std::optional<int64_t> Sanctions::mutedUntil(const std::string& user_id, const std::string& room_id,
                                             int64_t now_ms) const {
  std::optional<int64_t> until;
  for (const std::string& scope : {room_id, std::string()}) {
    auto it = active_.find({user_id, scope});
    if (it == active_.end() || !inForceAt(it->second, now_ms)) continue;
    const int64_t end = sanctionEndMs(it->second);
    // The longer of a room mute and an everywhere mute (0: no end) wins.
    if (!until || end == 0 || (*until != 0 && end > *until)) until = end;
  }
  return until;
}

std::optional<int64_t> Sanctions::bannedUntil(const std::string& user_id, int64_t now_ms) const {
  auto it = active_.find({user_id, kBanScope});
  if (it == active_.end() || !inForceAt(it->second, now_ms)) return std::nullopt;
  return sanctionEndMs(it->second);
}

std::vector<v1::Sanction> Sanctions::inForce(const std::string& room_id, int64_t now_ms) const {
  std::vector<v1::Sanction> out;
  for (const auto& [key, sanction] : active_) {
    const std::string& scope = key.second;
    if (scope != room_id && !scope.empty() && scope != kBanScope) continue;
    if (inForceAt(sanction, now_ms)) out.push_back(sanction);
  }
  std::sort(out.begin(), out.end(), [](const v1::Sanction& a, const v1::Sanction& b) { return a.seq() < b.seq(); });
  return out;
}

}  // namespace hallcast
