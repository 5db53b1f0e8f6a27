#pragma once
// Places an interpretation channel's audio on the room's output timeline:
// the booth's frames as they arrive, at the output's "now" (where the
// picture is placed too), and frames of silence wherever the booth's audio
// falls behind "now" — a booth that drops out leaves no hole in the
// rendition (a hole in an audio buffer stalls a browser's playback). After
// silence, or when the booth's clock restarts or jumps, its audio resumes
// right after what went out. Pure: times in nanoseconds are passed in.

#include <cstdint>
#include <optional>

namespace hallcast {

class ChannelTimeline {
 public:
  // Silence fills in once the channel lags "now" by this much.
  static constexpr int64_t kMaxLag = 200'000'000;

  // A frame of the booth's feed (`epoch` counts its restarts) at `in_time`
  // in its own clock: its output time, or nullopt to drop it (it overlaps
  // what went out).
  std::optional<int64_t> booth(uint32_t epoch, int64_t in_time, int64_t duration, int64_t now);
  // A frame of silence: its output time when the channel lags `now` by
  // more than kMaxLag; nullopt otherwise.
  std::optional<int64_t> silence(int64_t duration, int64_t now);
  // How far the channel's audio ends behind `now` (now itself before any).
  int64_t lag(int64_t now) const { return end_ < 0 ? now : now - end_; }

 private:
  int64_t end_ = -1;     // output time where the last frame ends
  uint32_t epoch_ = 0;
  bool timed_ = false;   // the booth's offset holds (false after silence)
  int64_t offset_ = 0;   // output = booth input + offset
  int64_t last_in_ = -1;  // the booth's last input time
};

}  // namespace hallcast
