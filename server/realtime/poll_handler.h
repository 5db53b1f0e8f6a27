#pragma once
// Reactions and polls. Reactions are counted, not stored; poll votes are
// stored and their counts fanned out coalesced (RoomDirectory::tick).

#include "realtime/hub_context.h"

namespace hallcast {

class PollHandler {
 public:
  explicit PollHandler(HubContext& hub) : hub_(hub) {}

  void react(Request& rq, const v1::React& react);
  void create(Request& rq, const v1::CreatePoll& create);
  void change(Request& rq, const v1::ChangePoll& change);
  void vote(Request& rq, const v1::VotePoll& vote);

 private:
  HubContext& hub_;
};

}  // namespace hallcast
