#pragma once
// Mutes and bans (event-wide, or in one room): checked, stored in the
// sanctions' stream, applied once stored, and sent to the moderators they
// concern and the person; a ban closes the person's connections.

#include "realtime/hub_context.h"

namespace hallcast {

class SanctionHandler {
 public:
  explicit SanctionHandler(HubContext& hub) : hub_(hub) {}

  void impose(Request& rq, const v1::ImposeSanction& request);
  // Sends a stored sanction (this node's or another's) to whom it concerns.
  void announce(const v1::Sanction& sanction);

 private:
  HubContext& hub_;
};

}  // namespace hallcast
