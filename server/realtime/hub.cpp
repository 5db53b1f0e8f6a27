#include "realtime/hub.h"

#include <stdexcept>

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "common/random_id.h"
#include "common/wall_clock.h"
#include "realtime/codec.h"
#include "rooms/permissions.h"
#include "rooms/text_policy.h"

namespace hallcast {
namespace {

using google::protobuf::util::TimeUtil;
using SteadyClock = std::chrono::steady_clock;

Rejection unauthenticated() {
  return {v1::ERROR_CODE_UNAUTHENTICATED, "send Hello before any other request"};
}

// Requests refused for rate limiting in a row before the hub stops answering
// and closes the connection.
constexpr uint32_t kFloodCloseMultiplier = 5;

constexpr std::size_t kMaxClientMessageIdBytes = 64;

}  // namespace

Hub::Hub(const EventConfig& config, EventLog& log, VoteStore& votes, Metrics& metrics)
    : config_(config),
      log_(log),
      votes_(votes),
      metrics_(metrics),
      blocked_words_(config.moderation.blocked_words),
      writer_(std::make_unique<StoreWriter>(log, votes)) {
  // An empty key would sign tokens anyone can forge.
  if (config_.access.secret.empty()) throw std::invalid_argument("Hub: config.access.secret is empty");
  for (const RoomConfig& room_config : config_.rooms) {
    rooms_.push_back(std::make_unique<Room>(room_config, config_.limits.replay_events));
    members_.emplace(room_config.id, Membership{rooms_.back().get(), {}});
  }
}

const Room* Hub::roomById(std::string_view room_id) const {
  auto it = members_.find(std::string(room_id));
  return it == members_.end() ? nullptr : it->second.room;
}

Session& Hub::connect(Connection& connection) {
  const Limits& limits = config_.limits;
  const auto now = SteadyClock::now();
  auto session = std::make_unique<Session>(
      connection, randomId("s"), TokenBucket(limits.requests_per_second, limits.request_burst, now),
      limits.send_queue_bytes, now);
  Session& ref = *session;
  sessions_.emplace(&ref, std::move(session));
  ungreeted_.insert(&ref);
  ++metrics_.connections_accepted;
  return ref;
}

void Hub::disconnect(Session& session) {
  leaveAllRooms(session);
  health_watchers_.erase(&session);
  std::erase(closing_, &session);
  ungreeted_.erase(&session);
  sessions_.erase(&session);
}

void Hub::leaveAllRooms(Session& session) {
  for (const std::string& room_id : session.rooms) removeFromRoom(session, members_.at(room_id));
  session.rooms.clear();
}

void Hub::closeSession(Session& session, uint16_t code, const std::string& reason) {
  if (session.closing) return;
  session.closing = true;
  session.queue.clear();
  closing_.push_back(&session);
  session.connection.close(code, reason);
}

void Hub::detachClosing() {
  // Done after each fan-out loop rather than inside it, which iterates the
  // very membership sets this changes.
  for (Session* session : closing_) leaveAllRooms(*session);
  closing_.clear();
}

void Hub::onBinaryMessage(Session& session, std::string_view bytes) {
  ++metrics_.ws_messages_received;
  metrics_.ws_bytes_received += bytes.size();
  if (session.closing) return;
  auto decoded = decodeClientMessage(bytes);
  if (auto* failure = std::get_if<DecodeFailure>(&decoded)) {
    reject(session, failure->request_id, {v1::ERROR_CODE_INVALID_ARGUMENT, failure->message});
  } else {
    dispatch(session, std::get<v1::ClientMessage>(decoded));
  }
  detachClosing();
}

void Hub::onTextMessage(Session& session) {
  ++metrics_.ws_messages_received;
  reject(session, 0,
         {v1::ERROR_CODE_INVALID_ARGUMENT,
          "text frames are not accepted: send hallcast.v1.ClientMessage in binary frames"});
  detachClosing();
}

void Hub::dispatch(Session& session, const v1::ClientMessage& message) {
  const uint64_t id = message.request_id();
  if (!takeRequestToken(session, id)) return;
  using Body = v1::ClientMessage::BodyCase;
  if (message.body_case() == Body::BODY_NOT_SET) {
    reject(session, id, {v1::ERROR_CODE_INVALID_ARGUMENT, "the request has no body"});
    return;
  }
  if (message.body_case() == Body::kHello) {
    handleHello(session, id, message.hello());
    return;
  }
  if (!session.greeted) {
    reject(session, id, unauthenticated());
    return;
  }
  switch (message.body_case()) {
    case Body::kJoinRoom:
      handleJoin(session, id, message.join_room());
      break;
    case Body::kLeaveRoom:
      handleLeave(session, id, message.leave_room());
      break;
    case Body::kSendChat:
      handleChat(session, id, message.send_chat());
      break;
    case Body::kWatchHealth:
      handleWatchHealth(session, id, true);
      break;
    case Body::kUnwatchHealth:
      handleWatchHealth(session, id, false);
      break;
    case Body::kControlFeed:
      handleControlFeed(session, id, message.control_feed());
      break;
    case Body::kAskQuestion:
      handleAsk(session, id, message.ask_question());
      break;
    case Body::kVoteQuestion:
      handleVoteQuestion(session, id, message.vote_question());
      break;
    case Body::kWithdrawQuestion:
      handleWithdraw(session, id, message.withdraw_question());
      break;
    case Body::kListQuestions:
      handleListQuestions(session, id, message.list_questions());
      break;
    case Body::kModerateQuestion:
      handleModerateQuestion(session, id, message.moderate_question());
      break;
    case Body::kChangeRoomSettings:
      handleRoomSettings(session, id, message.change_room_settings());
      break;
    case Body::kDeleteChat:
      handleDeleteChat(session, id, message.delete_chat());
      break;
    case Body::kPinChat:
      handlePinChat(session, id, message.pin_chat());
      break;
    case Body::kImposeSanction:
      handleSanction(session, id, message.impose_sanction());
      break;
    case Body::kAnnounce:
      handleAnnounce(session, id, message.announce());
      break;
    case Body::kSetStage:
      handleSetStage(session, id, message.set_stage());
      break;
    case Body::kReact:
      handleReact(session, id, message.react());
      break;
    case Body::kCreatePoll:
      handleCreatePoll(session, id, message.create_poll());
      break;
    case Body::kChangePoll:
      handleChangePoll(session, id, message.change_poll());
      break;
    case Body::kVotePoll:
      handleVotePoll(session, id, message.vote_poll());
      break;
    case Body::kPing: {
      v1::Ack ack;
      *ack.mutable_pong()->mutable_server_time() = nowTimestamp();
      sendAck(session, id, std::move(ack));
      break;
    }
    default:
      reject(session, id, {v1::ERROR_CODE_INVALID_ARGUMENT, "unknown request type"});
  }
}

bool Hub::takeRequestToken(Session& session, uint64_t request_id) {
  const auto now = SteadyClock::now();
  if (session.requests.tryTake(now)) {
    session.rate_limited_streak = 0;
    return true;
  }
  if (++session.rate_limited_streak > kFloodCloseMultiplier * config_.limits.request_burst) {
    closeSession(session, kClosePolicyViolation, "flooding: too many requests over the rate limit");
    return false;
  }
  const auto wait = session.requests.waitTime(now);
  reject(session, request_id,
         {v1::ERROR_CODE_RATE_LIMITED,
          "too many requests: at most " + std::to_string(config_.limits.requests_per_second) +
              " per second (burst " + std::to_string(config_.limits.request_burst) + ")",
          static_cast<uint32_t>(wait.count())});
  return false;
}

void Hub::handleJoin(Session& session, uint64_t request_id, const v1::JoinRoom& join) {
  Membership* found = findRoom(session, request_id, join.room_id());
  if (!found) return;
  Membership& membership = *found;
  Room& room = *membership.room;
  if (session.rooms.insert(room.id()).second) {
    membership.sessions.insert(&session);
    room.addViewer();
    viewersChanged(room);
  }

  v1::Ack ack;
  v1::Joined* joined = ack.mutable_joined();
  joined->set_room_id(room.id());
  joined->set_head_seq(room.headSeq());
  joined->set_viewers(room.viewers());
  // A resume within the window replays; a first join, or one too far
  // behind, gets the room's recent events instead.
  Room::Replay replay;
  if (join.has_since_seq()) replay = room.since(join.since_seq());
  joined->set_missed_events(replay.missed);
  const std::string& user_id = session.user.user_id();
  const bool moderator = moderates(session.principal, room.id());
  if (!join.has_since_seq() || replay.missed) {
    for (const Room::Entry* e : room.recent(config_.limits.recent_events)) {
      *joined->add_recent() = e->eventFor(user_id, moderator);
    }
  }
  *joined->mutable_state() = room.stateFor(user_id, moderator, sanctions_, nowUnixMs());
  sendAck(session, request_id, std::move(ack));
  // The loop thread runs nothing else between the lines above and below, so
  // no event can be published in between: replay then live, with no gap.
  for (const Room::Entry* e : replay.entries) send(session, e->frameFor(user_id, moderator));
}

void Hub::handleLeave(Session& session, uint64_t request_id, const v1::LeaveRoom& leave) {
  Membership* found = findRoom(session, request_id, leave.room_id());
  if (!found) return;
  Membership& membership = *found;
  if (session.rooms.erase(membership.room->id()) == 0) {
    reject(session, request_id,
           {v1::ERROR_CODE_FAILED_PRECONDITION, "not in room \"" + leave.room_id() + "\""});
    return;
  }
  removeFromRoom(session, membership);
  v1::Ack ack;
  ack.mutable_left()->set_room_id(membership.room->id());
  sendAck(session, request_id, std::move(ack));
}

void Hub::handleChat(Session& session, uint64_t request_id, const v1::SendChat& chat) {
  Membership* found = joinedRoom(session, request_id, chat.room_id(), "chatting");
  if (!found) return;
  Membership& membership = *found;
  Room& room = *membership.room;
  const int64_t now_ms = nowUnixMs();
  const bool moderator = moderates(session.principal, room.id());
  if (refuseIfMuted(session, request_id, room, now_ms)) return;
  if (!moderator) {
    if (const int64_t wait = room.slowModeWait(session.user.user_id(), now_ms); wait > 0) {
      reject(session, request_id,
             {v1::ERROR_CODE_RATE_LIMITED,
              "slow mode: one message every " + std::to_string(room.settings().slow_mode_seconds()) +
                  " s in this room; wait " + std::to_string((wait + 999) / 1000) + " s",
              static_cast<uint32_t>(wait)});
      return;
    }
  }
  auto text = normalizeChatText(chat.text(), config_.limits.max_chat_chars);
  if (auto* rejection = std::get_if<Rejection>(&text)) {
    reject(session, request_id, *rejection);
    return;
  }
  if (auto blocked = blocked_words_.check(std::get<std::string>(text))) {
    reject(session, request_id, *blocked);
    return;
  }
  if (chat.client_message_id().size() > kMaxClientMessageIdBytes) {
    reject(session, request_id,
           {v1::ERROR_CODE_INVALID_ARGUMENT, "client_message_id is longer than 64 bytes"});
    return;
  }
  const auto accepted = [this, request_id, room_id = room.id()](Session& to, uint64_t seq) {
    v1::Ack ack;
    ack.mutable_chat_accepted()->set_room_id(room_id);
    ack.mutable_chat_accepted()->set_seq(seq);
    sendAck(to, request_id, std::move(ack));
  };
  if (!chat.client_message_id().empty()) {
    if (auto seq = membership.room->findClientMessage(chat.client_message_id())) {
      accepted(session, *seq);  // a retry of a message the room already has
      return;
    }
  }
  v1::RoomEvent event = membership.room->nextEvent(now_ms);
  v1::ChatMessage* message = event.mutable_chat();
  *message->mutable_author() = session.user;
  message->set_text(std::get<std::string>(std::move(text)));
  message->set_client_message_id(chat.client_message_id());
  // Slow mode counts from the message sent, stored or not.
  room.chatted(session.user.user_id(), now_ms);
  publish(membership, std::move(event), [this, ref = refOf(session), request_id, accepted](const Published& published) {
    Session* to = live(ref);
    if (!to) return;
    if (!published.stored()) {
      reject(*to, request_id, published.refusal("the message", "it was not sent"));
      return;
    }
    accepted(*to, published.seqs.front());
  });
}

void Hub::publishAndAnswer(Session& session, uint64_t request_id, Membership& membership, v1::RoomEvent event,
                           const char* what) {
  publish(membership, std::move(event),
          [this, ref = refOf(session), request_id, room_id = membership.room->id(), what](const Published& published) {
            Session* to = live(ref);
            if (!to) return;
            if (!published.stored()) {
              reject(*to, request_id, published.refusal(what, "nothing changed"));
              return;
            }
            sendApplied(*to, request_id, room_id, published.seqs.front());
          });
}

Hub::Membership* Hub::joinedRoom(Session& session, uint64_t request_id, std::string_view room_id, const char* what) {
  Membership* found = findRoom(session, request_id, room_id);
  if (!found) return nullptr;
  if (!session.rooms.contains(found->room->id())) {
    reject(session, request_id,
           {v1::ERROR_CODE_FAILED_PRECONDITION, "join room \"" + std::string(room_id) + "\" before " + what});
    return nullptr;
  }
  return found;
}

Hub::Membership* Hub::moderatedRoom(Session& session, uint64_t request_id, std::string_view room_id) {
  Membership* found = findRoom(session, request_id, room_id);
  if (!found) return nullptr;
  if (auto denied = authorize(session.principal, StaffAction::kModerateRoom, found->room->id())) {
    reject(session, request_id, *denied);
    return nullptr;
  }
  return found;
}

bool Hub::refuseIfMuted(Session& session, uint64_t request_id, const Room& room, int64_t now_ms) {
  auto until = sanctions_.mutedUntil(session.user.user_id(), room.id(), now_ms);
  if (!until) return false;
  std::string message = "you are muted in room \"" + room.id() + "\"";
  uint32_t retry = 0;
  if (*until != 0) {
    message += " until " + TimeUtil::ToString(timestampFromMs(*until));
    retry = static_cast<uint32_t>(std::min<int64_t>(*until - now_ms, UINT32_MAX));
  }
  reject(session, request_id, {v1::ERROR_CODE_PERMISSION_DENIED, message, retry});
  return true;
}

void Hub::flushInteractions(std::chrono::steady_clock::time_point now) {
  if (now < next_flush_) return;
  const auto window = last_flush_ == SteadyClock::time_point{} ? kInteractionWindow : now - last_flush_;
  last_flush_ = now;
  // The loop ticks every 100 ms, give or take: waiting for the first tick
  // that is at least 3/4 of a window later makes every window two ticks
  // (~200 ms), where waiting for a whole window could make it three.
  next_flush_ = now + kInteractionWindow * 3 / 4;
  const auto window_ms = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(window).count());
  for (auto& [room_id, membership] : members_) {
    Room& room = *membership.room;
    v1::ServerMessage message;
    if (auto tally = room.takeTally()) *message.add_events()->mutable_tally() = std::move(*tally);
    if (auto reactions = room.reactions().take(room_id, window_ms)) {
      *message.add_events()->mutable_reactions() = std::move(*reactions);
    }
    if (message.events_size() == 0 || membership.sessions.empty()) continue;
    const Frame frame = std::make_shared<const std::string>(message.SerializeAsString());
    for (Session* member : membership.sessions) send(*member, frame);
  }
}

Hub::Membership* Hub::findRoom(Session& session, uint64_t request_id, std::string_view room_id) {
  auto it = members_.find(std::string(room_id));
  if (it == members_.end()) {
    reject(session, request_id,
           {v1::ERROR_CODE_NOT_FOUND, "no room \"" + std::string(room_id) + "\" in this event"});
    return nullptr;
  }
  return &it->second;
}

void Hub::removeFromRoom(Session& session, Membership& membership) {
  membership.sessions.erase(&session);
  membership.room->removeViewer();
  viewersChanged(*membership.room);
}

void Hub::tick(std::chrono::steady_clock::time_point now) {
  flushInteractions(now);
  expireWrites(now);
  for (const auto& announcement : presence_.due(now)) {
    v1::ServerEvent event;
    event.mutable_presence()->set_room_id(announcement.room_id);
    event.mutable_presence()->set_viewers(announcement.viewers);
    const Frame frame = encodeEvent(std::move(event));
    for (Session* member : members_.at(announcement.room_id).sessions) send(*member, frame);
  }
  if (now >= next_hello_check_) {
    next_hello_check_ = now + std::chrono::seconds(1);
    // A connection that never says Hello holds a socket for nothing.
    const std::chrono::seconds timeout(config_.limits.hello_timeout_seconds);
    std::vector<Session*> late;
    for (Session* session : ungreeted_) {
      if (now - session->connected_at >= timeout) late.push_back(session);
    }
    for (Session* session : late) {
      ungreeted_.erase(session);
      closeSession(*session, kClosePolicyViolation,
                   "no Hello within " + std::to_string(timeout.count()) + " s");
    }
  }
  detachClosing();
}

void Hub::closeAll(uint16_t code, const std::string& reason) {
  for (auto& [session, owned] : sessions_) closeSession(*session, code, reason);
  detachClosing();
}

}  // namespace hallcast
