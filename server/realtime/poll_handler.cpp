#include "realtime/poll_handler.h"

#include <spdlog/spdlog.h>

#include "rooms/text_policy.h"

namespace hallcast {

void PollHandler::react(Request& rq, const v1::React& react) {
  Membership* found = rq.joinedRoom(react.room_id(), "reacting");
  if (!found) return;
  if (!found->room->reactions().add(react.emoji())) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "emoji must be one of 👏 ❤️ 👍 🎉 💡 🤔"});
    return;
  }
  v1::Ack ack;
  ack.mutable_reacted();
  rq.ack(std::move(ack));
}

void PollHandler::create(Request& rq, const v1::CreatePoll& create) {
  Membership* found = rq.moderatedRoom(create.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto checked_question = normalizeText(create.question(), kMaxPollQuestionChars, "poll question");
  std::string* question = rq.accepted(checked_question);
  if (!question) return;
  std::vector<std::string> options;
  for (const std::string& option : create.options()) {
    auto normalized = normalizeText(option, kMaxPollOptionChars, "poll option");
    std::string* text = rq.accepted(normalized);
    if (!text) return;
    options.push_back(std::move(*text));
  }
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  auto change = room.polls().create(event.seq(), std::move(*question), std::move(options), rq.session.user);
  if (!rq.accepted(change)) return;
  *event.mutable_poll() = std::get<v1::PollChange>(std::move(change));
  rq.publishAndAnswer(*found->room, std::move(event), "the poll");
}

void PollHandler::change(Request& rq, const v1::ChangePoll& request) {
  Membership* found = rq.moderatedRoom(request.room_id());
  if (!found) return;
  Room& room = *found->room;
  auto change = room.polls().change(request.poll_id(), request.state(), rq.session.user);
  if (!rq.accepted(change)) return;
  v1::RoomEvent event = room.nextEvent(hub_.clock.unixMs());
  *event.mutable_poll() = std::get<v1::PollChange>(std::move(change));
  rq.publishAndAnswer(*found->room, std::move(event), "the change");
}

void PollHandler::vote(Request& rq, const v1::VotePoll& vote) {
  Membership* found = rq.joinedRoom(vote.room_id(), "voting");
  if (!found) return;
  Room& room = *found->room;
  if (rq.refused(room.polls().checkVote(vote.poll_id(), vote.option()))) return;
  const std::string& voter = rq.session.user.user_id();
  VoteChange change{{room.id(), Ballot::poll(vote.poll_id()), voter, vote.option()}, false};
  hub_.publisher.publishVote(std::move(change), [reply = rq.later(), &room, vote, voter](const auto& published) {
    if (reply.refused(published, "the vote", "it was not counted")) return;
    const uint32_t votes = room.polls().applyVote(vote.poll_id(), voter, vote.option());
    room.votesChangedForPoll(vote.poll_id());
    v1::Ack ack;
    ack.mutable_voted()->set_room_id(room.id());
    ack.mutable_voted()->set_poll_id(vote.poll_id());
    ack.mutable_voted()->set_votes(votes);
    reply.ack(std::move(ack));
  });
}

}  // namespace hallcast
