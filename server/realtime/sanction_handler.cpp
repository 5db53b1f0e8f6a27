// Mutes and bans: imposed and lifted by moderators, stored in the
// event-wide sanctions stream, and told to whoever they concern.

#include "realtime/sanction_handler.h"

#include <spdlog/spdlog.h>

#include "realtime/codec.h"
#include "rooms/permissions.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {

constexpr uint32_t kMaxReasonChars = 200;

}  // namespace

void SanctionHandler::impose(Request& rq, const v1::ImposeSanction& request) {
  const v1::SanctionKind kind = request.kind();
  if (kind == v1::SANCTION_KIND_UNSPECIFIED || !v1::SanctionKind_IsValid(kind)) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "kind must be MUTE, UNMUTE, BAN or UNBAN"});
    return;
  }
  const bool ban = kind == v1::SANCTION_KIND_BAN || kind == v1::SANCTION_KIND_UNBAN;
  if (ban && !request.room_id().empty()) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "bans are for the whole event: leave room_id empty"});
    return;
  }
  if (request.room_id().empty()) {
    if (rq.refused(authorize(rq.session.principal, StaffAction::kModerateEverywhere))) return;
  } else if (!rq.moderatedRoom(request.room_id())) {
    return;
  }
  if (request.user_id().empty() || request.user_id().size() > 128) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "user_id must be 1..128 bytes"});
    return;
  }
  if (request.user_id().starts_with("staff:")) {
    rq.reject({v1::ERROR_CODE_PERMISSION_DENIED, "staff are not muted or banned; their tokens expire instead"});
    return;
  }
  std::string reason;
  if (!request.reason().empty()) {
    auto normalized = normalizeText(request.reason(), kMaxReasonChars, "reason");
    std::string* checked = rq.accepted(normalized);
    if (!checked) return;
    reason = std::move(*checked);
  }
  const int64_t now_ms = hub_.clock.unixMs();
  const bool lifts = kind == v1::SANCTION_KIND_UNMUTE || kind == v1::SANCTION_KIND_UNBAN;
  if (lifts) {
    const bool active = kind == v1::SANCTION_KIND_UNBAN
                            ? hub_.sanctions.bannedUntil(request.user_id(), now_ms).has_value()
                            : hub_.sanctions.mutedUntil(request.user_id(), request.room_id(), now_ms).has_value();
    if (!active) {
      rq.reject({v1::ERROR_CODE_FAILED_PRECONDITION,
              "user " + request.user_id() + (kind == v1::SANCTION_KIND_UNBAN ? " is not banned" : " is not muted")});
      return;
    }
  }

  v1::Sanction sanction;
  *sanction.mutable_time() = timestampFromMs(now_ms);
  sanction.set_kind(kind);
  sanction.mutable_target()->set_user_id(request.user_id());
  // The name people know them by, when they are connected.
  hub_.sessions.forEach([&](const Session& s) {
    if (s.user.user_id() == request.user_id()) *sanction.mutable_target() = s.user;
  });
  sanction.set_room_id(request.room_id());
  if (!lifts && request.duration_seconds() > 0) {
    *sanction.mutable_until() = timestampFromMs(now_ms + int64_t{request.duration_seconds()} * 1000);
  }
  sanction.set_reason(reason);
  *sanction.mutable_actor() = rq.session.user;
  hub_.publisher.publishSanction(sanction, [this, reply = rq.later(), sanction](const auto& published) {
    if (reply.refused(published, "the sanction", "nothing changed")) return;
    spdlog::info("{} of user {} ({}) by {} ({})", v1::SanctionKind_Name(sanction.kind()), sanction.target().user_id(),
                 sanction.room_id().empty() ? "every room" : sanction.room_id(), sanction.actor().display_name(),
                 sanction.actor().user_id());
    reply.applied("", published.seqs.front());
    v1::Sanction stored = sanction;
    stored.set_seq(published.seqs.front());
    announce(stored);
  });
}

void SanctionHandler::announce(const v1::Sanction& sanction) {
  // Encoded once, and only when someone is concerned (never at restore).
  Frame frame;
  hub_.sessions.forEach([&](Session& s) {
    const bool concerned = s.user.user_id() == sanction.target().user_id() ||
                           (sanction.room_id().empty() ? !authorize(s.principal, StaffAction::kModerateRoom)
                                                       : moderates(s.principal, sanction.room_id()));
    if (!concerned) return;
    if (!frame) {
      v1::ServerEvent event;
      *event.mutable_sanction() = sanction;
      frame = encodeEvent(std::move(event));
    }
    hub_.outbox.send(s, frame);
  });
  if (sanction.kind() == v1::SANCTION_KIND_BAN) {
    hub_.sessions.forEach([&](Session& s) {
      if (s.user.user_id() == sanction.target().user_id()) {
        hub_.sessions.close(s, kClosePolicyViolation, "banned from this event");
      }
    });
    hub_.detachClosing();
  }
}

}  // namespace hallcast
