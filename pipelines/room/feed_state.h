#pragma once
// What a room's feed (or an interpretation channel's) is doing, for health.

namespace hallcast {

enum class FeedState { kStarting, kLive, kStandby, kBackup, kDown };
const char* feedStateName(FeedState state);

}  // namespace hallcast
