#pragma once
// Who a connection is, from its Hello: staff or press with an access token,
// a guest coming back with a resume token (same id and name), or a new
// guest; refused while banned. Free of I/O: the clock is injected.

#include <variant>

#include "common/clock.h"
#include "config/event_config.h"
#include "hallcast/v1/realtime.pb.h"
#include "realtime/session.h"
#include "rooms/rejection.h"
#include "rooms/sanctions.h"

namespace hallcast {

class Greeter {
 public:
  Greeter(const EventConfig& config, const Sanctions& sanctions, const Clock& clock)
      : config_(config), sanctions_(sanctions), clock_(clock) {}

  struct Refused {
    Rejection rejection;
    bool close = false;  // a ban: the connection is closed after the answer
  };
  // The Welcome, after filling the session's identity (user, principal); or
  // why not, the session left as it was (it may say Hello again).
  std::variant<v1::Welcome, Refused> greet(Session& session, const v1::Hello& hello) const;

 private:
  std::optional<Refused> acceptToken(Session& session, const std::string& token) const;
  std::optional<Refused> acceptGuest(Session& session, const v1::Hello& hello) const;
  std::optional<Refused> refuseIfBanned(const std::string& user_id) const;

  const EventConfig& config_;
  const Sanctions& sanctions_;
  const Clock& clock_;
};

}  // namespace hallcast
