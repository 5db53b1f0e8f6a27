#include "room/standby_switch.h"

#include <algorithm>

namespace hallcast {
namespace {

// Assumed length of a buffer that does not say (one video frame at 25 fps).
constexpr int64_t kDefaultDuration = 40'000'000;
// Jumps of a source's clock beyond these are a new timeline, not jitter.
constexpr int64_t kMaxBackwardJump = 500'000'000;
constexpr int64_t kMaxForwardJump = 10'000'000'000;

int64_t decodeTime(const InputBuffer& b) { return b.dts != kNoTime ? b.dts : b.pts; }

}  // namespace

const char* sourceName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kLive: return "live";
    case SourceKind::kBackup: return "backup";
    case SourceKind::kSlate: return "slate";
  }
  return "?";
}

void StandbySwitch::select(SourceKind source) {
  if (active_ == source) {
    pending_.reset();
    return;
  }
  if (source == SourceKind::kSlate && pending_ != source && output_now_) {
    // Waiting as long as the lead is now brings the clock level with a
    // source that has stopped; one that still sends keeps its lead, and
    // its successor need not wait for more.
    const int64_t now = output_now_();
    hold_until_ = now + std::clamp<int64_t>(nextOutputTime() - now, 0, kMaxHold);
  }
  pending_ = source;
}

int64_t StandbySwitch::nextOutputTime() const {
  const int64_t end = std::max(last_out_end_[0], last_out_end_[1]);
  return end == kNoTime ? 0 : end;
}

OutputDecision StandbySwitch::onBuffer(const InputBuffer& b) {
  OutputDecision out;
  const int64_t in_time = decodeTime(b);
  if (in_time == kNoTime) return out;  // cannot be placed on the timeline
  const auto track = static_cast<std::size_t>(b.track);

  const bool on_air = active_ == b.source;
  bool retime = pending_ == b.source || (on_air && (b.epoch != timeline_.epoch || resync_));
  // A source whose clock jumped (an encoder reconnected, a camera rebooted)
  // is re-timed like a restarted one, at its next keyframe.
  if (on_air && !retime && b.track == Track::kVideo && last_in_video_ != kNoTime &&
      (in_time + kMaxBackwardJump < last_in_video_ || in_time > last_in_video_ + kMaxForwardJump)) {
    resync_ = true;
    retime = true;
  }
  // A new picture format (a new SPS: only ever at a keyframe) starts a new
  // segment on the same timeline.
  const bool reformat = on_air && !retime && b.track == Track::kVideo && b.format != timeline_.format;
  if (retime || reformat) {
    if (b.track != Track::kVideo || !b.keyframe) return out;
    if (b.source == SourceKind::kSlate && pending_ == SourceKind::kSlate && holdingSlate()) return out;
    if (retime) {
      const int64_t video_end = last_out_end_[static_cast<std::size_t>(Track::kVideo)];
      int64_t& audio_end = last_out_end_[static_cast<std::size_t>(Track::kAudio)];
      if (active_ && video_end != kNoTime && audio_end != kNoTime && audio_end < video_end) {
        out.silence_from = std::max(audio_end, video_end - kMaxSwitchSilence);
        out.silence_until = video_end;
        audio_end = video_end;
      }
      timeline_.epoch = b.epoch;
      timeline_.offset = std::max(nextOutputTime(), output_now_ ? output_now_() : 0) - in_time;
      if (active_ && active_ != b.source) ++switches_;
      active_ = b.source;
      pending_.reset();
      resync_ = false;
    }
    timeline_.format = b.format;
    out.discontinuity = true;
    switched_at_ = in_time + timeline_.offset;
    // Audio from before the new source's first picture (the source's or
    // the encoder's own lead) would land before the cut, in the previous
    // source's segment. A new format of the same source keeps its sound.
    if (retime) audio_from_ = (b.pts != kNoTime ? b.pts : in_time) + timeline_.offset;
  } else if (!on_air) {
    return out;  // not on air
  }

  out.forward = true;
  // A buffer without a DTS (RTP depayloaders give none) decodes at its PTS:
  // the muxer and splitmuxsink need every DTS (splitmuxsink stalls for good
  // when one source brought them and the next does not).
  out.dts = in_time + timeline_.offset;
  out.pts = b.pts == kNoTime ? kNoTime : b.pts + timeline_.offset;
  const int64_t out_time = in_time + timeline_.offset;
  if (b.track == Track::kAudio && audio_from_ != kNoTime && out_time < audio_from_) return OutputDecision{};
  // Each track's decode times only move forward (audio that started a little
  // before the keyframe the switch waited for is dropped).
  if (last_out_dts_[track] != kNoTime && out_time <= last_out_dts_[track] && !out.discontinuity) {
    if (out_time > switched_at_ + kSwitchGrace) ++dropped_;
    return OutputDecision{};
  }
  last_out_dts_[track] = out_time;
  if (b.track == Track::kVideo) last_in_video_ = in_time;
  // The end of what was shown, not only decoded: a frame with B-frames
  // before it shows later than it decodes, and the next source's first
  // picture must come after it.
  const int64_t duration = b.duration != kNoTime ? b.duration : kDefaultDuration;
  last_out_end_[track] = std::max(last_out_end_[track], std::max(out_time, out.pts) + duration);
  return out;
}

bool StandbySwitch::holdingSlate() const {
  if (pending_ != SourceKind::kSlate || !active_ || !output_now_) return false;
  const int64_t now = output_now_();
  const int64_t lead = nextOutputTime() - now;
  return lead > kMaxLead && lead <= kMaxHold && now < hold_until_;
}

int64_t StandbySwitch::audioLag() const {
  const int64_t video_end = last_out_end_[static_cast<std::size_t>(Track::kVideo)];
  const int64_t audio_end = last_out_end_[static_cast<std::size_t>(Track::kAudio)];
  if (video_end == kNoTime) return kNoTime;
  return audio_end == kNoTime ? video_end : video_end - audio_end;
}

OutputDecision StandbySwitch::onFillerAudio(int64_t duration) {
  OutputDecision out;
  if (!active_ || active_ == SourceKind::kSlate) return out;  // the slate has its own audio
  const int64_t video_end = last_out_end_[static_cast<std::size_t>(Track::kVideo)];
  int64_t& audio_end = last_out_end_[static_cast<std::size_t>(Track::kAudio)];
  if (video_end == kNoTime) return out;
  const int64_t audio_out = audio_end == kNoTime ? 0 : audio_end;
  if (audio_out > video_end - kFillerLag) return out;  // its audio keeps up (or the lag is short)
  // Back to back with the audio before it, unless that is long gone.
  const int64_t at = audio_out >= video_end - 2 * kFillerLag ? audio_out : video_end - kFillerLag;
  out.forward = true;
  out.pts = out.dts = at;
  last_out_dts_[static_cast<std::size_t>(Track::kAudio)] = at;
  audio_end = at + (duration > 0 ? duration : kDefaultDuration);
  return out;
}

}  // namespace hallcast
