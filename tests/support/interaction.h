#pragma once
// Requests of the audience and moderators for the integration tests, and a
// fixture with a hub that accepts staff tokens.

#include <string>
#include <vector>

#include "support/hub_fixture.h"
#include "support/staff.h"

namespace hallcast::test {

v1::ClientMessage askRequest(const std::string& room, const std::string& text, bool anonymous = false);
v1::ClientMessage voteQuestionRequest(const std::string& room, uint64_t question_id, bool up = true);
v1::ClientMessage withdrawRequest(const std::string& room, uint64_t question_id);
v1::ClientMessage listQuestionsRequest(const std::string& room, v1::QuestionOrder order);
v1::ClientMessage moderateRequest(const std::string& room, uint64_t question_id, v1::QuestionModeration action,
                                  const std::string& text = "");
v1::ClientMessage settingsRequest(const std::string& room, std::optional<bool> premoderation,
                                  std::optional<uint32_t> slow_mode_seconds);
v1::ClientMessage deleteChatRequest(const std::string& room, uint64_t chat_seq);
v1::ClientMessage pinChatRequest(const std::string& room, uint64_t chat_seq);
v1::ClientMessage sanctionRequest(v1::SanctionKind kind, const std::string& user_id, const std::string& room,
                                  uint32_t duration_seconds = 0);
v1::ClientMessage announceRequest(const std::string& room, const std::string& text);
v1::ClientMessage reactRequest(const std::string& room, const std::string& emoji);
v1::ClientMessage createPollRequest(const std::string& room, const std::string& question,
                                    const std::vector<std::string>& options);
v1::ClientMessage changePollRequest(const std::string& room, uint64_t poll_id, v1::PollState state);
v1::ClientMessage votePollRequest(const std::string& room, uint64_t poll_id, uint32_t option);
v1::ClientMessage setStageRequest(const std::string& room, v1::StageView view, uint64_t poll_id = 0);

// The seq an Applied ack carries (the test fails on anything else).
uint64_t appliedSeq(const v1::ServerEvent& answer);
// The error code of an answer (ERROR_CODE_UNSPECIFIED when it is an ack).
v1::ErrorCode errorCode(const v1::ServerEvent& answer);

class InteractionTest : public HubTest {
 protected:
  // A hub on the test event (main-forum and panel-a) with staff access.
  void startInteractionHub(const std::string& limits_yaml = "");
  // A hub on `event_yaml` (its `access:` with the test secret is added).
  void startHubWith(const std::string& event_yaml);
  // Connected and greeted with a staff token of `role` (extra: e.g.
  // {"--rooms", "panel-a"}).
  std::unique_ptr<WsClient> staff(const std::string& role, const std::string& name,
                                  const std::vector<std::string>& extra = {});
  // Greeted and joined to `room`.
  std::unique_ptr<WsClient> attendeeIn(const std::string& room, const std::string& name);
  // Connected and greeted with `token`.
  std::unique_ptr<WsClient> withToken(const std::string& token);
  std::unique_ptr<WsClient> staffIn(const std::string& room, const std::string& role, const std::string& name,
                                    const std::vector<std::string>& extra = {});
  // The room's state in the Joined ack of a fresh join.
  v1::RoomState joinState(WsClient& client, const std::string& room);
};

}  // namespace hallcast::test
