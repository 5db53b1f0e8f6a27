#include "room/channel_timeline.h"

#include <algorithm>

namespace hallcast {
namespace {

// Assumed length of a frame that does not say (1024 samples at 48 kHz).
constexpr int64_t kDefaultDuration = 21'333'333;
// A booth's clock moving back, or this far ahead, is a new timeline.
constexpr int64_t kMaxForwardJump = 2'000'000'000;
// A booth placed this far ahead of "now" is placed again.
constexpr int64_t kMaxLead = 500'000'000;
// Frames that overlap what went out by up to this are kept (rounding).
constexpr int64_t kTolerance = 1'000'000;
// Silence after a long pause (the channel only starting) begins this
// close to "now", not where the last frame ended.
constexpr int64_t kMaxFill = 4 * ChannelTimeline::kMaxLag;

}  // namespace

std::optional<int64_t> ChannelTimeline::booth(uint32_t epoch, int64_t in_time, int64_t duration, int64_t now) {
  if (in_time < 0) return std::nullopt;
  const bool jumped = last_in_ >= 0 && (in_time < last_in_ - kTolerance || in_time > last_in_ + kMaxForwardJump);
  // Ahead of "now" (a burst after a stall, a fast clock): the output's
  // audio must not run ahead of its picture.
  const bool ahead = timed_ && in_time + offset_ > now + kMaxLead;
  if (!timed_ || epoch != epoch_ || jumped || ahead) {
    // Right after what went out while that is recent (no hole, no overlap);
    // at "now" otherwise.
    const int64_t at = end_ >= 0 && end_ >= now - kMaxFill && end_ <= now + kMaxLead ? end_ : now;
    offset_ = at - in_time;
    epoch_ = epoch;
    timed_ = true;
  }
  last_in_ = in_time;
  const int64_t out = in_time + offset_;
  if (end_ >= 0 && out < end_ - kTolerance) return std::nullopt;
  end_ = std::max(end_, out + (duration > 0 ? duration : kDefaultDuration));
  return out;
}

std::optional<int64_t> ChannelTimeline::silence(int64_t duration, int64_t now) {
  if (end_ >= 0 && now - end_ <= kMaxLag) return std::nullopt;
  const int64_t out = end_ >= 0 && end_ >= now - kMaxFill ? end_ : std::max<int64_t>(0, now - kMaxLag);
  end_ = out + (duration > 0 ? duration : kDefaultDuration);
  timed_ = false;  // the booth, when it returns, goes after this
  return out;
}

}  // namespace hallcast
