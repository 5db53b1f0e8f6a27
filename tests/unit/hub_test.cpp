// The Hub without a process: requests in as the transport gives them,
// frames out of the send queues, over a real SQLite file; the clock is the
// test's, so Hello deadlines and token expiry are checked without waiting.
#include "realtime/hub.h"

#include <gtest/gtest.h>

#include "auth/guest_token.h"
#include "store/sqlite_event_log.h"
#include "store/sqlite_vote_store.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace hallcast {
namespace {

class RecordingConnection final : public Connection {
 public:
  void wantWrite() override {}
  void close(uint16_t code, const std::string& reason) override {
    close_code = code;
    close_reason = reason;
  }
  uint16_t close_code = 0;
  std::string close_reason;
};

EventConfig eventConfig() {
  EventConfig config;
  config.access.secret = std::string(32, 's');
  config.limits.hello_timeout_seconds = 10;
  RoomConfig room;
  room.id = "main-forum";
  room.kind = v1::ROOM_KIND_MAIN;
  config.rooms.push_back(room);
  return config;
}

struct Fixture {
  test::TempDir dir;
  SqliteDb db{dir.path(), SyncMode::kNormal};
  SqliteEventLog log{db};
  SqliteVoteStore votes{db};
  Metrics metrics;
  test::ManualClock clock;
  EventConfig config = eventConfig();
  Hub hub{config, log, votes, metrics, clock};

  Fixture() { hub.restore(); }

  void send(Session& session, uint64_t id, const std::function<void(v1::ClientMessage&)>& fill) {
    v1::ClientMessage message;
    message.set_request_id(id);
    fill(message);
    hub.onBinaryMessage(session, message.SerializeAsString());
  }
  // What the session was sent since the last call.
  std::vector<v1::ServerEvent> received(Session& session) {
    std::string bytes;
    while (hub.takeOutgoing(session, bytes)) {
    }
    v1::ServerMessage message;
    EXPECT_TRUE(message.ParseFromString(bytes));
    return {message.events().begin(), message.events().end()};
  }
  v1::Welcome hello(Session& session, const std::string& resume_token = "") {
    send(session, 1, [&](v1::ClientMessage& m) {
      m.mutable_hello()->set_display_name("Li Wei");
      m.mutable_hello()->set_resume_token(resume_token);
    });
    const auto events = received(session);
    EXPECT_EQ(events.size(), 1u);
    if (events.empty() || !events[0].ack().has_welcome()) return {};
    return events[0].ack().welcome();
  }
};

TEST(Hub, AConnectionThatSaysNoHelloIsClosedWhenItsTimeIsUpAndNotBefore) {
  Fixture f;
  RecordingConnection silent, greeted;
  f.hub.connect(silent);
  Session& session = f.hub.connect(greeted);
  ASSERT_FALSE(f.hello(session).session_id().empty());

  f.clock.advance(std::chrono::seconds(9));
  f.hub.tick(f.clock.steadyNow());
  EXPECT_EQ(silent.close_code, 0);
  f.clock.advance(std::chrono::seconds(1));
  f.hub.tick(f.clock.steadyNow());
  EXPECT_EQ(silent.close_code, kClosePolicyViolation);
  EXPECT_EQ(silent.close_reason, "no Hello within 10 s");
  EXPECT_EQ(greeted.close_code, 0);  // it said Hello in time
}

TEST(Hub, AGuestComesBackWithItsResumeTokenUntilTheTokenExpires) {
  Fixture f;
  RecordingConnection first, again, late;
  const v1::Welcome welcome = f.hello(f.hub.connect(first));
  ASSERT_FALSE(welcome.resume_token().empty());
  EXPECT_EQ(welcome.user().role(), v1::ROLE_ATTENDEE);

  Session& back = f.hub.connect(again);
  EXPECT_EQ(f.hello(back, welcome.resume_token()).user().user_id(), welcome.user().user_id());

  f.clock.advance(kGuestTokenLifetime + std::chrono::seconds(1));
  Session& expired = f.hub.connect(late);
  f.send(expired, 7, [&](v1::ClientMessage& m) { m.mutable_hello()->set_resume_token(welcome.resume_token()); });
  const auto events = f.received(expired);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].error().request_id(), 7u);
  EXPECT_EQ(events[0].error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
  EXPECT_EQ(late.close_code, 0);  // it may say Hello again, as a new guest
}

TEST(Hub, AChatMessageIsStoredThenSentToTheRoomAndAcknowledged) {
  Fixture f;
  RecordingConnection author_connection, reader_connection;
  Session& author = f.hub.connect(author_connection);
  Session& reader = f.hub.connect(reader_connection);
  for (Session* s : {&author, &reader}) {
    f.hello(*s);
    f.send(*s, 2, [](v1::ClientMessage& m) { m.mutable_join_room()->set_room_id("main-forum"); });
    ASSERT_TRUE(f.received(*s).at(0).ack().has_joined());
  }
  f.send(author, 3, [](v1::ClientMessage& m) {
    m.mutable_send_chat()->set_room_id("main-forum");
    m.mutable_send_chat()->set_text("  你好, hallcast  ");
  });
  EXPECT_EQ(f.log.headSeq("main-forum"), 1u);  // stored before anyone hears of it
  const auto to_reader = f.received(reader);
  ASSERT_EQ(to_reader.size(), 1u);
  EXPECT_EQ(to_reader[0].room_event().chat().text(), "你好, hallcast");
  EXPECT_EQ(to_reader[0].room_event().time().seconds(), f.clock.unixMs() / 1000);
  const auto to_author = f.received(author);
  ASSERT_EQ(to_author.size(), 2u);  // the event, then the answer
  EXPECT_EQ(to_author[1].ack().request_id(), 3u);
  EXPECT_EQ(to_author[1].ack().chat_accepted().seq(), 1u);
}

TEST(Hub, RequestsBeforeHelloAreRefused) {
  Fixture f;
  RecordingConnection connection;
  Session& session = f.hub.connect(connection);
  f.send(session, 4, [](v1::ClientMessage& m) { m.mutable_join_room()->set_room_id("main-forum"); });
  const auto events = f.received(session);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].error().code(), v1::ERROR_CODE_UNAUTHENTICATED);
}

}  // namespace
}  // namespace hallcast
