#pragma once
// Chooses which source's encoded buffers reach a room's output — the hall
// feed, its backup, or the slate — and re-times them onto one continuous
// output timeline, so that players never see time go backwards. A switch
// takes effect at the new source's next video keyframe (a decoder cannot
// start anywhere else) and is marked as a discontinuity, where the packager
// starts a new segment; so is a change of the picture's format within a
// source. Every buffer of the new source comes after every buffer of the
// old one on the output timeline, on both tracks — its audio starts with
// its first picture — so that the cut between them is clean: nothing of
// one source on the other's side. Pure logic; the caller serialises calls.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

namespace hallcast {

enum class SourceKind { kLive = 0, kBackup = 1, kSlate = 2 };
enum class Track { kVideo = 0, kAudio = 1 };

inline constexpr int64_t kNoTime = -1;

const char* sourceName(SourceKind kind);

struct InputBuffer {
  SourceKind source = SourceKind::kLive;
  uint32_t epoch = 0;  // bumped each time the source restarts (its clock restarts too)
  Track track = Track::kVideo;
  int64_t pts = kNoTime;  // nanoseconds, in the source's own timeline
  int64_t dts = kNoTime;
  int64_t duration = kNoTime;
  bool keyframe = false;  // video: an IDR access unit; audio: always true
  // Video: counts the changes of the picture's format (size, profile)
  // within the epoch — an encoder reconfigured while it sends.
  uint32_t format = 0;
};

struct OutputDecision {
  bool forward = false;
  int64_t pts = kNoTime;  // on the output timeline
  int64_t dts = kNoTime;
  // First buffer after a switch, or of a new picture format: a new segment
  // (after EXT-X-DISCONTINUITY) starts here, at a keyframe.
  bool discontinuity = false;
  // At a switch, when the old source's sound ended before its pictures (an
  // encoder lost mid-stream has sent its video ahead of its audio): silence
  // from `silence_from` to `silence_until` (the old source's last picture's
  // end) goes out before this buffer, into the old source's last segment.
  // Without it, a player's buffer has a hole there, where it stalls.
  int64_t silence_from = kNoTime;
  int64_t silence_until = kNoTime;
};

class StandbySwitch {
 public:
  // From the next video keyframe of `source` on, the output carries it.
  void select(SourceKind source);

  // The source on the output now (nullopt before the first keyframe).
  std::optional<SourceKind> active() const { return active_; }
  std::optional<SourceKind> pending() const { return pending_; }

  // The output's current time. A switch never places the new source before
  // it, so the output stays in step with the wall clock even after a source
  // stalled. Asked only when a source is (re)timed, not for every buffer.
  void setOutputClock(std::function<int64_t()> now) { output_now_ = std::move(now); }

  OutputDecision onBuffer(const InputBuffer& buffer);

  // A frame of silence (from the slate) to put under an on-air source that
  // brings no audio, such as many IP cameras: the output's audio must keep
  // pace with its video or the packager cannot cut segments. Forwarded only
  // while the on-air source's audio lags its video by more than
  // kFillerLag; placed right after the audio already out.
  OutputDecision onFillerAudio(int64_t duration);
  static constexpr int64_t kFillerLag = 500'000'000;
  // The most silence a switch fills in under the old source's last pictures.
  static constexpr int64_t kMaxSwitchSilence = 2'000'000'000;

  // The slate is hallcast's own, and can wait for the clock. A switch that
  // would put it on air ahead of the output's clock by more than kMaxLead
  // holds it until the clock has caught up, so that the output's timeline,
  // and the date-times players read from it, is back in step: a lost
  // encoder's last burst (x264 flushes its lookahead when stopped, ~0.7 s
  // of pictures at once) would otherwise leave the timeline that far ahead
  // for good, and each loss further. The output pauses meanwhile, which
  // players' buffers cover. A lead over kMaxHold is taken as it is; and the
  // slate waits at most as long as the lead was when it was chosen: a
  // source that still sends (a technician forced the standby) keeps its
  // lead, and the slate must not wait for it for ever.
  static constexpr int64_t kMaxLead = 100'000'000;
  static constexpr int64_t kMaxHold = 3'000'000'000;
  // Whether the slate waits for the clock now (the room restarts it at a
  // keyframe when it no longer does).
  bool holdingSlate() const;

  // How far the output's audio lags its video (kNoTime before any video):
  // the room keeps its slate running, for filler, when this grows.
  int64_t audioLag() const;

  // How many switches have happened.
  uint64_t switches() const { return switches_; }
  // Buffers of the on-air source refused because their time went backwards
  // (an encoder glitch), not counting the moments right after a switch,
  // where audio from before the keyframe is dropped by design.
  uint64_t dropped() const { return dropped_; }
  static constexpr int64_t kSwitchGrace = 1'000'000'000;

 private:
  struct Timeline {
    uint32_t epoch = 0;
    uint32_t format = 0;
    int64_t offset = 0;  // output = input + offset
  };

  // Output time at which the next buffer may start.
  int64_t nextOutputTime() const;

  std::optional<SourceKind> active_;
  std::optional<SourceKind> pending_;  // nothing on air until the room selects
  Timeline timeline_;  // of the active source
  std::array<int64_t, 2> last_out_end_{kNoTime, kNoTime};  // per track
  std::array<int64_t, 2> last_out_dts_{kNoTime, kNoTime};
  uint64_t switches_ = 0;
  uint64_t dropped_ = 0;
  int64_t switched_at_ = kNoTime;  // output time of the last switch
  int64_t hold_until_ = kNoTime;   // output clock: the slate waits no longer
  int64_t audio_from_ = kNoTime;   // output PTS of the first picture since then
  std::function<int64_t()> output_now_;  // none: no clock to keep to (unit tests)
  bool resync_ = false;               // the active source's clock jumped
  int64_t last_in_video_ = kNoTime;   // input time of its last video buffer
};

}  // namespace hallcast
