#pragma once
// Who sees what of a room event. Moderators of the room get every event as
// stored; the person it concerns (a question's author) too; everybody else
// gets the attendees' view: questions awaiting approval and draft polls
// without a body, anonymous authors and moderators' names removed. Pure.

#include <optional>
#include <string>

#include "hallcast/v1/interaction.pb.h"

namespace hallcast {

// The attendees' view of `event`; nullopt when it is the event itself.
std::optional<v1::RoomEvent> attendeeView(const v1::RoomEvent& event);

// The user id that sees `event` in full although not a moderator (the
// author of a question); empty when none.
std::string subjectOf(const v1::RoomEvent& event);

}  // namespace hallcast
