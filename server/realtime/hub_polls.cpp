// The hub's reactions and polls. Reactions are counted, not stored; poll
// votes are stored and their counts fanned out coalesced (see
// Hub::flushInteractions).

#include <spdlog/spdlog.h>

#include "common/wall_clock.h"
#include "realtime/hub.h"
#include "rooms/text_policy.h"

namespace hallcast {

void Hub::handleReact(Session& session, uint64_t request_id, const v1::React& react) {
  Membership* found = joinedRoom(session, request_id, react.room_id(), "reacting");
  if (!found) return;
  if (!found->room->reactions().add(react.emoji())) {
    reject(session, request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, "emoji must be one of 👏 ❤️ 👍 🎉 💡 🤔"});
    return;
  }
  v1::Ack ack;
  ack.mutable_reacted();
  sendAck(session, request_id, std::move(ack));
}

void Hub::handleCreatePoll(Session& session, uint64_t request_id, const v1::CreatePoll& create) {
  Membership* found = moderatedRoom(session, request_id, create.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto checked_question = normalizeText(create.question(), kMaxPollQuestionChars, "poll question");
  std::string* question = accepted(session, request_id, checked_question);
  if (!question) return;
  std::vector<std::string> options;
  for (const std::string& option : create.options()) {
    auto normalized = normalizeText(option, kMaxPollOptionChars, "poll option");
    std::string* text = accepted(session, request_id, normalized);
    if (!text) return;
    options.push_back(std::move(*text));
  }
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  auto change = room.polls().create(event.seq(), std::move(*question), std::move(options), session.user);
  if (!accepted(session, request_id, change)) return;
  *event.mutable_poll() = std::get<v1::PollChange>(std::move(change));
  publishAndAnswer(session, request_id, *found, std::move(event), "the poll");
}

void Hub::handleChangePoll(Session& session, uint64_t request_id, const v1::ChangePoll& request) {
  Membership* found = moderatedRoom(session, request_id, request.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto change = room.polls().change(request.poll_id(), request.state(), session.user);
  if (!accepted(session, request_id, change)) return;
  v1::RoomEvent event = room.nextEvent(nowUnixMs());
  *event.mutable_poll() = std::get<v1::PollChange>(std::move(change));
  publishAndAnswer(session, request_id, *found, std::move(event), "the change");
}

void Hub::handleVotePoll(Session& session, uint64_t request_id, const v1::VotePoll& vote) {
  Membership* found = joinedRoom(session, request_id, vote.room_id(), "voting");
  if (!found) return;
  Room& room = *found->room;
  if (auto refused = room.polls().checkVote(vote.poll_id(), vote.option())) {
    reject(session, request_id, *refused);
    return;
  }
  const std::string& voter = session.user.user_id();
  const std::string ballot = "p/" + std::to_string(vote.poll_id());
  VoteChange change{{room.id(), ballot, voter, vote.option()}, false};
  publishVote(std::move(change), [this, ref = refOf(session), request_id, &room, vote, voter](const Published& published) {
    Session* to = live(ref);
    if (!published.stored()) {
      if (to) reject(*to, request_id, published.refusal("the vote", "it was not counted"));
      return;
    }
    const uint32_t votes = room.polls().applyVote(vote.poll_id(), voter, vote.option());
    room.votesChangedForPoll(vote.poll_id());
    if (!to) return;
    v1::Ack ack;
    ack.mutable_voted()->set_room_id(room.id());
    ack.mutable_voted()->set_poll_id(vote.poll_id());
    ack.mutable_voted()->set_votes(votes);
    sendAck(*to, request_id, std::move(ack));
  });
}

}  // namespace hallcast
