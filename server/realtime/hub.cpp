#include "realtime/hub.h"

#include <stdexcept>

#include "realtime/codec.h"

namespace hallcast {
namespace {

// Requests refused for rate limiting in a row before the hub stops answering
// and closes the connection.
constexpr uint32_t kFloodCloseMultiplier = 5;

}  // namespace

Hub::Hub(const EventConfig& config, EventLog& log, VoteStore& votes, Metrics& metrics, const Clock& clock)
    : config_(config),
      clock_(clock),
      log_(log),
      votes_(votes),
      metrics_(metrics),
      blocked_words_(config.moderation.blocked_words),
      sessions_(config.limits, metrics),
      outbox_(sessions_, metrics, config.limits),
      rooms_(config, outbox_),
      publisher_(log, votes, metrics, clock, *this),
      context_{config, clock, metrics, sessions_, outbox_, rooms_, publisher_, sanctions_, blocked_words_},
      greeter_(config, sanctions_, clock),
      room_handler_(context_),
      chat_(context_),
      questions_(context_),
      polls_(context_),
      moderation_(context_),
      sanction_handler_(context_),
      health_(context_) {
  // An empty key would sign tokens anyone can forge.
  if (config_.access.secret.empty()) throw std::invalid_argument("Hub: config.access.secret is empty");
}

Session& Hub::connect(Connection& connection) { return sessions_.add(connection, clock_.steadyNow()); }

void Hub::disconnect(Session& session) {
  rooms_.leaveAll(session);
  health_.forget(session);
  sessions_.remove(session);
}

void Hub::onBinaryMessage(Session& session, std::string_view bytes) {
  ++metrics_.ws_messages_received;
  metrics_.ws_bytes_received += bytes.size();
  if (session.closing) return;
  auto decoded = decodeClientMessage(bytes);
  if (auto* failure = std::get_if<DecodeFailure>(&decoded)) {
    outbox_.reject(session, failure->request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, failure->message});
  } else {
    dispatch(session, std::get<v1::ClientMessage>(decoded));
  }
  context_.detachClosing();
}

void Hub::onTextMessage(Session& session) {
  ++metrics_.ws_messages_received;
  outbox_.reject(session, 0,
                 {v1::ERROR_CODE_INVALID_ARGUMENT,
                  "text frames are not accepted: send hallcast.v1.ClientMessage in binary frames"});
  context_.detachClosing();
}

void Hub::dispatch(Session& session, const v1::ClientMessage& message) {
  if (!takeRequestToken(session, message.request_id())) return;
  Request rq(context_, session, message.request_id());
  using Body = v1::ClientMessage::BodyCase;
  if (message.body_case() == Body::BODY_NOT_SET) {
    rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "the request has no body"});
    return;
  }
  if (message.body_case() == Body::kHello) {
    hello(rq, message.hello());
    return;
  }
  if (!session.greeted) {
    rq.reject({v1::ERROR_CODE_UNAUTHENTICATED, "send Hello before any other request"});
    return;
  }
  switch (message.body_case()) {
    case Body::kJoinRoom: return room_handler_.join(rq, message.join_room());
    case Body::kLeaveRoom: return room_handler_.leave(rq, message.leave_room());
    case Body::kSendChat: return chat_.send(rq, message.send_chat());
    case Body::kWatchHealth: return health_.watchHealth(rq, true);
    case Body::kUnwatchHealth: return health_.watchHealth(rq, false);
    case Body::kControlFeed: return health_.controlFeed(rq, message.control_feed());
    case Body::kAskQuestion: return questions_.ask(rq, message.ask_question());
    case Body::kVoteQuestion: return questions_.vote(rq, message.vote_question());
    case Body::kWithdrawQuestion: return questions_.withdraw(rq, message.withdraw_question());
    case Body::kListQuestions: return questions_.list(rq, message.list_questions());
    case Body::kModerateQuestion: return questions_.moderate(rq, message.moderate_question());
    case Body::kChangeRoomSettings: return moderation_.roomSettings(rq, message.change_room_settings());
    case Body::kDeleteChat: return moderation_.deleteChat(rq, message.delete_chat());
    case Body::kPinChat: return moderation_.pinChat(rq, message.pin_chat());
    case Body::kAnnounce: return moderation_.announce(rq, message.announce());
    case Body::kSetStage: return moderation_.setStage(rq, message.set_stage());
    case Body::kImposeSanction: return sanction_handler_.impose(rq, message.impose_sanction());
    case Body::kReact: return polls_.react(rq, message.react());
    case Body::kCreatePoll: return polls_.create(rq, message.create_poll());
    case Body::kChangePoll: return polls_.change(rq, message.change_poll());
    case Body::kVotePoll: return polls_.vote(rq, message.vote_poll());
    case Body::kPing: {
      v1::Ack ack;
      *ack.mutable_pong()->mutable_server_time() = clock_.timestamp();
      return rq.ack(std::move(ack));
    }
    default:
      return rq.reject({v1::ERROR_CODE_INVALID_ARGUMENT, "unknown request type"});
  }
}

void Hub::hello(Request& rq, const v1::Hello& hello) {
  auto greeting = greeter_.greet(rq.session, hello);
  if (auto* refused = std::get_if<Greeter::Refused>(&greeting)) {
    rq.reject(refused->rejection);
    if (refused->close) sessions_.close(rq.session, kClosePolicyViolation, "banned from this event");
    return;
  }
  sessions_.greeted(rq.session);
  v1::Ack ack;
  *ack.mutable_welcome() = std::get<v1::Welcome>(std::move(greeting));
  rq.ack(std::move(ack));
}

bool Hub::takeRequestToken(Session& session, uint64_t request_id) {
  const auto now = clock_.steadyNow();
  if (session.requests.tryTake(now)) {
    session.rate_limited_streak = 0;
    return true;
  }
  if (++session.rate_limited_streak > kFloodCloseMultiplier * config_.limits.request_burst) {
    sessions_.close(session, kClosePolicyViolation, "flooding: too many requests over the rate limit");
    return false;
  }
  const auto wait = session.requests.waitTime(now);
  outbox_.reject(session, request_id,
                 {v1::ERROR_CODE_RATE_LIMITED,
                  "too many requests: at most " + std::to_string(config_.limits.requests_per_second) +
                      " per second (burst " + std::to_string(config_.limits.request_burst) + ")",
                  static_cast<uint32_t>(wait.count())});
  return false;
}

void Hub::tick(std::chrono::steady_clock::time_point now) {
  rooms_.tick(now);
  publisher_.expire(now);
  closeLateHellos(now);
  context_.detachClosing();
}

void Hub::closeLateHellos(std::chrono::steady_clock::time_point now) {
  if (now < next_hello_check_) return;
  next_hello_check_ = now + std::chrono::seconds(1);
  // A connection that never says Hello holds a socket for nothing.
  const std::chrono::seconds timeout(config_.limits.hello_timeout_seconds);
  for (Session* session : sessions_.lateForHello(now, timeout)) {
    sessions_.close(*session, kClosePolicyViolation, "no Hello within " + std::to_string(timeout.count()) + " s");
  }
}

void Hub::closeAll(uint16_t code, const std::string& reason) {
  sessions_.forEach([&](Session& session) { sessions_.close(session, code, reason); });
  context_.detachClosing();
}

}  // namespace hallcast
