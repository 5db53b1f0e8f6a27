// A room's status in the program: upcoming, live once the session has
// started and the hall has been on air since, ended after.

#include <gtest/gtest.h>

#include "http/program_api.h"

namespace hallcast {
namespace {

RoomConfig session() {
  RoomConfig room;
  room.id = "main-forum";
  room.start_unix_ms = 10'000;
  room.end_unix_ms = 20'000;
  return room;
}

TEST(ProgramStatus, UpcomingUntilStartedAndOnAirLiveUntilTheEnd) {
  const RoomConfig room = session();
  EXPECT_EQ(roomStatus(room, 9'000, true, 9'500), v1::ROOM_STATUS_UPCOMING) << "a rehearsal before the start";
  EXPECT_EQ(roomStatus(room, 11'000, true, 0), v1::ROOM_STATUS_UPCOMING) << "started, the hall not on air yet";
  EXPECT_EQ(roomStatus(room, 11'000, true, 9'500), v1::ROOM_STATUS_UPCOMING) << "on air before the start only";
  EXPECT_EQ(roomStatus(room, 11'000, true, 10'500), v1::ROOM_STATUS_LIVE);
  EXPECT_EQ(roomStatus(room, 15'000, true, 10'500), v1::ROOM_STATUS_LIVE) << "a feed failure keeps the session live";
  EXPECT_EQ(roomStatus(room, 20'000, true, 19'999), v1::ROOM_STATUS_ENDED);
  EXPECT_EQ(roomStatus(room, 11'000, false, 0), v1::ROOM_STATUS_LIVE) << "no media: the clock alone";
}

}  // namespace
}  // namespace hallcast
