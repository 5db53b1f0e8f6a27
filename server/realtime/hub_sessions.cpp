// Hub: who a connection is — Hello as a guest (a resume token keeps the
// name) or as staff (an access token), refused while banned.
#include "realtime/hub.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "auth/access_token.h"
#include "auth/guest_token.h"
#include "common/random_id.h"
#include "common/wall_clock.h"
#include "rooms/permissions.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {
using google::protobuf::util::TimeUtil;
}  // namespace

void Hub::handleHello(Session& session, uint64_t request_id, const v1::Hello& hello) {
  if (session.greeted) {
    reject(session, request_id, {v1::ERROR_CODE_FAILED_PRECONDITION, "Hello was already accepted"});
    return;
  }
  // A staff token takes precedence over a resume token.
  if (!hello.token().empty()) {
    if (!acceptToken(session, request_id, hello.token())) return;
  } else if (!acceptGuest(session, request_id, hello)) {
    return;
  }
  session.greeted = true;
  ungreeted_.erase(&session);

  v1::Ack ack;
  v1::Welcome* welcome = ack.mutable_welcome();
  welcome->set_session_id(session.session_id);
  *welcome->mutable_user() = session.user;
  *welcome->mutable_server_time() = nowTimestamp();
  v1::Limits* limits = welcome->mutable_limits();
  limits->set_max_frame_bytes(config_.limits.max_frame_bytes);
  limits->set_max_chat_chars(config_.limits.max_chat_chars);
  limits->set_requests_per_second(config_.limits.requests_per_second);
  limits->set_request_burst(config_.limits.request_burst);
  limits->set_max_question_chars(kMaxQuestionChars);
  for (const std::string& room : session.principal.rooms) welcome->add_rooms(room);
  if (session.user.role() == v1::ROLE_ATTENDEE) {
    // A fresh token each time: a guest who keeps coming back never expires.
    welcome->set_resume_token(mintGuestToken(
        config_.access.secret, {session.user.user_id(), session.user.display_name(),
                        std::chrono::system_clock::now() + kGuestTokenLifetime}));
  }
  sendAck(session, request_id, std::move(ack));
}

bool Hub::refuseIfBanned(Session& session, uint64_t request_id, const std::string& user_id) {
  auto until = sanctions_.bannedUntil(user_id, nowUnixMs());
  if (!until) return false;
  reject(session, request_id,
         {v1::ERROR_CODE_PERMISSION_DENIED,
          "you are banned from this event" +
              (*until == 0 ? std::string() : " until " + TimeUtil::ToString(timestampFromMs(*until)))});
  closeSession(session, kClosePolicyViolation, "banned from this event");
  return true;
}

bool Hub::acceptGuest(Session& session, uint64_t request_id, const v1::Hello& hello) {
  std::string user_id;
  std::string display_name = hello.display_name();
  if (hello.resume_token().empty()) {
    user_id = randomId("u");
  } else {
    auto verified = verifyGuestToken(config_.access.secret, hello.resume_token(), std::chrono::system_clock::now());
    if (auto* why = std::get_if<std::string>(&verified)) {
      // The session stays ungreeted: the client may say Hello again without it.
      reject(session, request_id,
             {v1::ERROR_CODE_UNAUTHENTICATED, *why + "; send Hello without resume_token to join as a new guest"});
      return false;
    }
    GuestClaims& claims = std::get<GuestClaims>(verified);
    user_id = std::move(claims.user_id);
    if (display_name.empty()) display_name = std::move(claims.display_name);
    if (refuseIfBanned(session, request_id, user_id)) return false;
  }
  auto name = normalizeDisplayName(display_name);
  if (auto* rejection = std::get_if<Rejection>(&name)) {
    reject(session, request_id, *rejection);
    return false;
  }
  session.user.set_user_id(std::move(user_id));
  session.user.set_display_name(std::get<std::string>(std::move(name)));
  session.user.set_role(v1::ROLE_ATTENDEE);
  return true;
}

bool Hub::acceptToken(Session& session, uint64_t request_id, const std::string& token) {
  auto verified = verifyAccessToken(config_.access.secret, token, std::chrono::system_clock::now());
  if (auto* why = std::get_if<std::string>(&verified)) {
    reject(session, request_id, {v1::ERROR_CODE_UNAUTHENTICATED, *why});
    return false;
  }
  AccessClaims& claims = std::get<AccessClaims>(verified);
  // The name comes from the token (whoever minted it vouched for it).
  auto name = normalizeDisplayName(claims.name);
  if (auto* rejection = std::get_if<Rejection>(&name)) {
    reject(session, request_id, {v1::ERROR_CODE_UNAUTHENTICATED, "the token's name: " + rejection->message});
    return false;
  }
  // Press are audience, not staff: moderators may mute or ban them.
  const bool press = claims.role == v1::ROLE_PRESS;
  std::string user_id = (press ? "press:" : "staff:") + claims.subject;
  if (press && refuseIfBanned(session, request_id, user_id)) return false;
  session.user.set_user_id(std::move(user_id));
  session.user.set_display_name(std::get<std::string>(std::move(name)));
  session.user.set_role(claims.role);
  session.user.set_outlet(claims.outlet);
  session.principal = {claims.role, std::move(claims.rooms)};
  spdlog::info("session {}: {} {} (rooms: {})", session.session_id, roleName(claims.role),
               session.user.display_name(), session.principal.rooms.empty() ? "all" : std::to_string(session.principal.rooms.size()));
  return true;
}

}  // namespace hallcast
