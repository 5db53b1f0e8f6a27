#include "support/interaction.h"

namespace hallcast::test {

v1::ClientMessage askRequest(const std::string& room, const std::string& text, bool anonymous) {
  v1::ClientMessage m;
  m.mutable_ask_question()->set_room_id(room);
  m.mutable_ask_question()->set_text(text);
  m.mutable_ask_question()->set_anonymous(anonymous);
  return m;
}

v1::ClientMessage voteQuestionRequest(const std::string& room, uint64_t question_id, bool up) {
  v1::ClientMessage m;
  m.mutable_vote_question()->set_room_id(room);
  m.mutable_vote_question()->set_question_id(question_id);
  m.mutable_vote_question()->set_up(up);
  return m;
}

v1::ClientMessage withdrawRequest(const std::string& room, uint64_t question_id) {
  v1::ClientMessage m;
  m.mutable_withdraw_question()->set_room_id(room);
  m.mutable_withdraw_question()->set_question_id(question_id);
  return m;
}

v1::ClientMessage listQuestionsRequest(const std::string& room, v1::QuestionOrder order) {
  v1::ClientMessage m;
  m.mutable_list_questions()->set_room_id(room);
  m.mutable_list_questions()->set_order(order);
  return m;
}

v1::ClientMessage moderateRequest(const std::string& room, uint64_t question_id, v1::QuestionModeration action,
                                  const std::string& text) {
  v1::ClientMessage m;
  m.mutable_moderate_question()->set_room_id(room);
  m.mutable_moderate_question()->set_question_id(question_id);
  m.mutable_moderate_question()->set_action(action);
  m.mutable_moderate_question()->set_text(text);
  return m;
}

v1::ClientMessage settingsRequest(const std::string& room, std::optional<bool> premoderation,
                                  std::optional<uint32_t> slow_mode_seconds) {
  v1::ClientMessage m;
  m.mutable_change_room_settings()->set_room_id(room);
  if (premoderation) m.mutable_change_room_settings()->set_premoderation(*premoderation);
  if (slow_mode_seconds) m.mutable_change_room_settings()->set_slow_mode_seconds(*slow_mode_seconds);
  return m;
}

v1::ClientMessage deleteChatRequest(const std::string& room, uint64_t chat_seq) {
  v1::ClientMessage m;
  m.mutable_delete_chat()->set_room_id(room);
  m.mutable_delete_chat()->set_chat_seq(chat_seq);
  return m;
}

v1::ClientMessage pinChatRequest(const std::string& room, uint64_t chat_seq) {
  v1::ClientMessage m;
  m.mutable_pin_chat()->set_room_id(room);
  m.mutable_pin_chat()->set_chat_seq(chat_seq);
  return m;
}

v1::ClientMessage sanctionRequest(v1::SanctionKind kind, const std::string& user_id, const std::string& room,
                                  uint32_t duration_seconds) {
  v1::ClientMessage m;
  m.mutable_impose_sanction()->set_kind(kind);
  m.mutable_impose_sanction()->set_user_id(user_id);
  m.mutable_impose_sanction()->set_room_id(room);
  m.mutable_impose_sanction()->set_duration_seconds(duration_seconds);
  return m;
}

v1::ClientMessage announceRequest(const std::string& room, const std::string& text) {
  v1::ClientMessage m;
  m.mutable_announce()->set_room_id(room);
  m.mutable_announce()->set_text(text);
  return m;
}

v1::ClientMessage reactRequest(const std::string& room, const std::string& emoji) {
  v1::ClientMessage m;
  m.mutable_react()->set_room_id(room);
  m.mutable_react()->set_emoji(emoji);
  return m;
}

v1::ClientMessage createPollRequest(const std::string& room, const std::string& question,
                                    const std::vector<std::string>& options) {
  v1::ClientMessage m;
  m.mutable_create_poll()->set_room_id(room);
  m.mutable_create_poll()->set_question(question);
  for (const std::string& option : options) m.mutable_create_poll()->add_options(option);
  return m;
}

v1::ClientMessage changePollRequest(const std::string& room, uint64_t poll_id, v1::PollState state) {
  v1::ClientMessage m;
  m.mutable_change_poll()->set_room_id(room);
  m.mutable_change_poll()->set_poll_id(poll_id);
  m.mutable_change_poll()->set_state(state);
  return m;
}

v1::ClientMessage votePollRequest(const std::string& room, uint64_t poll_id, uint32_t option) {
  v1::ClientMessage m;
  m.mutable_vote_poll()->set_room_id(room);
  m.mutable_vote_poll()->set_poll_id(poll_id);
  m.mutable_vote_poll()->set_option(option);
  return m;
}

v1::ClientMessage setStageRequest(const std::string& room, v1::StageView view, uint64_t poll_id) {
  v1::ClientMessage m;
  m.mutable_set_stage()->set_room_id(room);
  m.mutable_set_stage()->set_view(view);
  m.mutable_set_stage()->set_poll_id(poll_id);
  return m;
}

uint64_t appliedSeq(const v1::ServerEvent& answer) {
  EXPECT_TRUE(answer.has_ack() && answer.ack().has_applied()) << answer.DebugString();
  return answer.ack().applied().seq();
}

v1::ErrorCode errorCode(const v1::ServerEvent& answer) {
  return answer.has_error() ? answer.error().code() : v1::ERROR_CODE_UNSPECIFIED;
}

void InteractionTest::startInteractionHub(const std::string& limits_yaml) {
  startHubWith(testEventYaml(limits_yaml));
}

void InteractionTest::startHubWith(const std::string& event_yaml) {
  config_ = dir_.write("event.yaml", event_yaml + accessYaml());
  hub_ = std::make_unique<HubProcess>(config_, dir_.path() / "data");
  hub_->start();
}

std::unique_ptr<WsClient> InteractionTest::staff(const std::string& role, const std::string& name,
                                                 const std::vector<std::string>& extra) {
  return withToken(mintToken(config_.string(), role, name, extra));
}

std::unique_ptr<WsClient> InteractionTest::withToken(const std::string& token) {
  auto client = std::make_unique<WsClient>(hub_->port());
  EXPECT_TRUE(client->connect()) << client->error();
  v1::ClientMessage hello;
  hello.mutable_hello()->set_token(token);
  const v1::ServerEvent welcome = client->request(hello);
  EXPECT_TRUE(welcome.has_ack() && welcome.ack().has_welcome()) << welcome.DebugString();
  return client;
}

std::unique_ptr<WsClient> InteractionTest::attendeeIn(const std::string& room, const std::string& name) {
  auto client = greeted(name);
  EXPECT_TRUE(client->join(room).has_ack());
  return client;
}

std::unique_ptr<WsClient> InteractionTest::staffIn(const std::string& room, const std::string& role,
                                                   const std::string& name, const std::vector<std::string>& extra) {
  auto client = staff(role, name, extra);
  EXPECT_TRUE(client->join(room).has_ack());
  return client;
}

v1::RoomState InteractionTest::joinState(WsClient& client, const std::string& room) {
  const v1::ServerEvent joined = client.join(room);
  EXPECT_TRUE(joined.has_ack() && joined.ack().has_joined()) << joined.DebugString();
  return joined.ack().joined().state();
}

}  // namespace hallcast::test
