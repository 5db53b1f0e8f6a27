#pragma once
// The hall's stage display: what a moderator chose it to show. Pure: a
// SetStage request is checked against the room's polls and becomes the
// StageChange the hub stores; the room keeps the last one applied.

#include "hallcast/v1/realtime.pb.h"
#include "rooms/poll_book.h"
#include "rooms/rejection.h"

namespace hallcast {

// The change `request` asks for, or why not: an unknown view, a poll that
// does not exist or is still a draft (the hall would see what attendees do
// not), a poll id with another view.
Checked<v1::StageChange> stageChange(const v1::SetStage& request, const PollBook& polls, const v1::User& actor);

// What a room's stage shows before any moderator chose: the questions.
v1::StageChange defaultStage();

}  // namespace hallcast
