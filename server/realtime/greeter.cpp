#include "realtime/greeter.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "auth/access_token.h"
#include "auth/guest_token.h"
#include "common/random_id.h"
#include "rooms/permissions.h"
#include "rooms/question_board.h"
#include "rooms/text_policy.h"

namespace hallcast {

std::variant<v1::Welcome, Greeter::Refused> Greeter::greet(Session& session, const v1::Hello& hello) const {
  if (session.greeted) return Refused{{v1::ERROR_CODE_FAILED_PRECONDITION, "Hello was already accepted"}};
  // A staff token takes precedence over a resume token.
  const auto refused = hello.token().empty() ? acceptGuest(session, hello) : acceptToken(session, hello.token());
  if (refused) return *refused;

  v1::Welcome welcome;
  welcome.set_session_id(session.session_id);
  *welcome.mutable_user() = session.user;
  *welcome.mutable_server_time() = clock_.timestamp();
  v1::Limits* limits = welcome.mutable_limits();
  limits->set_max_frame_bytes(config_.limits.max_frame_bytes);
  limits->set_max_chat_chars(config_.limits.max_chat_chars);
  limits->set_requests_per_second(config_.limits.requests_per_second);
  limits->set_request_burst(config_.limits.request_burst);
  limits->set_max_question_chars(kMaxQuestionChars);
  for (const std::string& room : session.principal.rooms) welcome.add_rooms(room);
  if (session.user.role() == v1::ROLE_ATTENDEE) {
    // A fresh token each time: a guest who keeps coming back never expires.
    welcome.set_resume_token(mintGuestToken(
        config_.access.secret,
        {session.user.user_id(), session.user.display_name(), clock_.systemNow() + kGuestTokenLifetime}));
  }
  return welcome;
}

std::optional<Greeter::Refused> Greeter::refuseIfBanned(const std::string& user_id) const {
  auto until = sanctions_.bannedUntil(user_id, clock_.unixMs());
  if (!until) return std::nullopt;
  return Refused{{v1::ERROR_CODE_PERMISSION_DENIED,
                  "you are banned from this event" +
                      (*until == 0 ? std::string()
                                   : " until " + google::protobuf::util::TimeUtil::ToString(timestampFromMs(*until)))},
                 true};
}

std::optional<Greeter::Refused> Greeter::acceptGuest(Session& session, const v1::Hello& hello) const {
  std::string user_id;
  std::string display_name = hello.display_name();
  if (hello.resume_token().empty()) {
    user_id = randomId("u");
  } else {
    auto verified = verifyGuestToken(config_.access.secret, hello.resume_token(), clock_.systemNow());
    if (auto* why = std::get_if<std::string>(&verified)) {
      return Refused{
          {v1::ERROR_CODE_UNAUTHENTICATED, *why + "; send Hello without resume_token to join as a new guest"}};
    }
    GuestClaims& claims = std::get<GuestClaims>(verified);
    user_id = std::move(claims.user_id);
    if (display_name.empty()) display_name = std::move(claims.display_name);
    if (auto banned = refuseIfBanned(user_id)) return banned;
  }
  auto name = normalizeDisplayName(display_name);
  if (auto* rejection = std::get_if<Rejection>(&name)) return Refused{*rejection};
  session.user.set_user_id(std::move(user_id));
  session.user.set_display_name(std::get<std::string>(std::move(name)));
  session.user.set_role(v1::ROLE_ATTENDEE);
  return std::nullopt;
}

std::optional<Greeter::Refused> Greeter::acceptToken(Session& session, const std::string& token) const {
  auto verified = verifyAccessToken(config_.access.secret, token, clock_.systemNow());
  if (auto* why = std::get_if<std::string>(&verified)) return Refused{{v1::ERROR_CODE_UNAUTHENTICATED, *why}};
  AccessClaims& claims = std::get<AccessClaims>(verified);
  // The name comes from the token (whoever minted it vouched for it).
  auto name = normalizeDisplayName(claims.name);
  if (auto* rejection = std::get_if<Rejection>(&name)) {
    return Refused{{v1::ERROR_CODE_UNAUTHENTICATED, "the token's name: " + rejection->message}};
  }
  // Press are audience, not staff: moderators may mute or ban them.
  const bool press = claims.role == v1::ROLE_PRESS;
  std::string user_id = (press ? "press:" : "staff:") + claims.subject;
  if (press) {
    if (auto banned = refuseIfBanned(user_id)) return banned;
  }
  session.user.set_user_id(std::move(user_id));
  session.user.set_display_name(std::get<std::string>(std::move(name)));
  session.user.set_role(claims.role);
  session.user.set_outlet(claims.outlet);
  session.principal = {claims.role, std::move(claims.rooms)};
  spdlog::info("session {}: {} {} (rooms: {})", session.session_id, roleName(claims.role), session.user.display_name(),
               session.principal.rooms.empty() ? "all" : std::to_string(session.principal.rooms.size()));
  return std::nullopt;
}

}  // namespace hallcast
