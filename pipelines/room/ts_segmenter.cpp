#include "room/ts_segmenter.h"

#include <algorithm>

namespace hallcast {
namespace {

// ISO/IEC 13818-1 §2.4.3.2: the transport packet header.
uint16_t packetPid(const uint8_t* p) { return static_cast<uint16_t>(((p[1] & 0x1f) << 8) | p[2]); }
bool unitStart(const uint8_t* p) { return (p[1] & 0x40) != 0; }
bool hasAdaptationField(const uint8_t* p) { return (p[3] & 0x20) != 0; }
bool hasPayload(const uint8_t* p) { return (p[3] & 0x10) != 0; }

// How far after the leader's boundary a follower's first frame may come
// and still start the leader's segment with it (an audio frame lasts
// 21 ms; a picture 40 ms at 25 fps).
constexpr int64_t kFollowSlack = 100'000'000;

// §2.4.3.7: how long after it is decoded the access unit whose PES packet
// starts in `p` is presented (PTS − DTS; 0 when the header carries no DTS).
// With B-frames a keyframe shows a reorder delay after it decodes.
int64_t presentationDelayNs(const uint8_t* p) {
  std::size_t at = 4;
  if (hasAdaptationField(p)) at += 1 + p[4];
  if (at + 19 > kTsPacketSize || p[at] != 0 || p[at + 1] != 0 || p[at + 2] != 1) return 0;
  if ((p[at + 7] & 0xc0) != 0xc0) return 0;  // PTS_DTS_flags: both present
  const auto stamp = [](const uint8_t* b) {
    return (int64_t{b[0] & 0x0e} << 29) | (int64_t{b[1]} << 22) | (int64_t{b[2] & 0xfe} << 14) |
           (int64_t{b[3]} << 7) | (b[4] >> 1);
  };
  const int64_t delay = (stamp(p + at + 9) - stamp(p + at + 14)) & ((int64_t{1} << 33) - 1);  // 90 kHz, wrapped
  // A reorder delay is a few frames; anything else is not one.
  return delay <= 90'000 ? delay * 100'000 / 9 : 0;
}

// §2.4.3.5: random_access_indicator, which mpegtsmux sets on the packet
// that starts a keyframe's PES packet.
bool randomAccess(const uint8_t* p) { return hasAdaptationField(p) && p[4] > 0 && (p[5] & 0x40) != 0; }

// The payload of a packet that starts a PSI section, from the section's
// first byte (after the pointer field); empty when there is none.
std::basic_string_view<uint8_t> sectionOf(const uint8_t* p) {
  if (!unitStart(p) || !hasPayload(p)) return {};
  std::size_t at = 4;
  if (hasAdaptationField(p)) at += 1 + p[4];
  if (at >= kTsPacketSize) return {};
  at += 1 + p[at];  // pointer_field
  if (at + 3 > kTsPacketSize) return {};
  const std::size_t length = ((p[at + 1] & 0x0f) << 8) | p[at + 2];
  const std::size_t end = std::min(kTsPacketSize, at + 3 + length);
  return {p + at, end - at};
}

// §2.4.4.3: the PID of the first program's PMT, or -1.
int pmtPidOf(std::basic_string_view<uint8_t> s) {
  if (s.size() < 8 || s[0] != 0x00) return -1;
  // Programs follow the 8-byte header; the CRC (4 bytes) ends the section.
  for (std::size_t at = 8; at + 4 + 4 <= s.size(); at += 4) {
    const int program = (s[at] << 8) | s[at + 1];
    if (program != 0) return ((s[at + 2] & 0x1f) << 8) | s[at + 3];
  }
  return -1;
}

// §2.4.4.8: the PID of the stream whose frames start parts — the first
// video stream (H.264, H.265, MPEG-2), else the first audio stream (AAC in
// ADTS or LATM, MPEG audio, AC-3) — and whether it is audio; -1 if none.
std::pair<int, bool> framePidOf(std::basic_string_view<uint8_t> s) {
  if (s.size() < 12 || s[0] != 0x02) return {-1, false};
  int audio = -1;
  std::size_t at = 12 + (((s[10] & 0x0f) << 8) | s[11]);  // past program_info
  while (at + 5 + 4 <= s.size()) {
    const uint8_t type = s[at];
    const int pid = ((s[at + 1] & 0x1f) << 8) | s[at + 2];
    if (type == 0x1b || type == 0x24 || type == 0x02) return {pid, false};
    if (audio < 0 && (type == 0x0f || type == 0x11 || type == 0x03 || type == 0x04 || type == 0x81)) audio = pid;
    at += 5 + (((s[at + 3] & 0x0f) << 8) | s[at + 4]);
  }
  return {audio, audio >= 0};
}

}  // namespace

void TsSegmenter::learnTables(const uint8_t* packet, uint16_t pid) {
  if (pid == 0) {
    const int pmt = pmtPidOf(sectionOf(packet));
    if (pmt < 0) return;
    pmt_pid_ = pmt;
    pat_packet_.assign(reinterpret_cast<const char*>(packet), kTsPacketSize);
  } else if (pmt_pid_ >= 0 && pid == pmt_pid_) {
    const auto [frames, audio] = framePidOf(sectionOf(packet));
    if (frames < 0) return;
    frame_pid_ = frames;
    audio_frames_ = audio;
    pmt_packet_.assign(reinterpret_cast<const char*>(packet), kTsPacketSize);
  }
}

void TsSegmenter::beginPart(int64_t time_ns, bool keyframe, bool segment, bool discontinuity) {
  part_.clear();
  part_start_ns_ = time_ns;
  part_independent_ = keyframe;
  boundaries_.push_back({time_ns, segment, discontinuity});
}

TsSegmenter::FollowCut TsSegmenter::followCut(int64_t time_ns) {
  FollowCut cut;
  // 1 ms of rounding allowed, as for splits.
  while (!cuts_.empty() && cuts_.front().time_ns <= time_ns + 1'000'000) {
    const TsBoundary b = cuts_.front();
    cuts_.pop_front();
    if (!started_ && cut.segment && b.segment) {
      // An earlier segment of the leader that this stream never had.
      ++skipped_segments_;
      if (cut.discontinuity) ++skipped_discontinuities_;
      cut.discontinuity = false;
    }
    // Timed as the leader's boundary (a segment's, when one was among them).
    if (b.segment || !cut.segment) cut.time_ns = b.time_ns;
    cut.part = true;
    cut.segment |= b.segment;
    cut.discontinuity |= b.discontinuity;
  }
  return cut;
}

TsCut TsSegmenter::finishPart(int64_t time_ns, bool new_segment, bool discontinuity) {
  TsCut cut;
  cut.part_bytes = std::move(part_);
  cut.part_start_ns = part_start_ns_;
  cut.part_duration_ns = std::max<int64_t>(0, time_ns - part_start_ns_);
  cut.part_independent = part_independent_;
  cut.segment_start_ns = segment_start_ns_;
  cut.segment_discontinuity = segment_discontinuity_;
  if (new_segment) {
    cut.segment_ended = true;
    cut.segment_duration_ns = std::max<int64_t>(0, time_ns - segment_start_ns_);
    segment_start_ns_ = time_ns;
    segment_discontinuity_ = discontinuity;
  }
  return cut;
}

std::optional<TsCut> TsSegmenter::push(const uint8_t* packet, int64_t time_ns) {
  if (packet[0] != 0x47) return std::nullopt;  // not a packet: the muxer never writes one
  const uint16_t pid = packetPid(packet);
  learnTables(packet, pid);
  const bool frame_start = frame_pid_ >= 0 && pid == frame_pid_ && unitStart(packet);
  // Every audio frame is a place to start decoding.
  const bool keyframe = frame_start && (audio_frames_ || randomAccess(packet));

  std::optional<TsCut> cut;
  if (frame_start) {
    const bool tables = !pat_packet_.empty() && !pmt_packet_.empty();
    if (follow_) {
      const FollowCut at = followCut(time_ns);
      if (!started_) {
        if (!at.segment || !keyframe || !tables) return std::nullopt;
        started_ = true;
        // Joined late, inside the leader's segment: this one starts here.
        const int64_t start = time_ns - at.time_ns <= kFollowSlack ? at.time_ns : time_ns;
        segment_start_ns_ = start;
        segment_discontinuity_ = at.discontinuity;
        beginPart(start, true, true, at.discontinuity);
        part_ = pat_packet_ + pmt_packet_;
      } else if (at.part) {
        cut = finishPart(at.time_ns, at.segment, at.discontinuity);
        beginPart(at.time_ns, keyframe, at.segment, at.discontinuity);
        if (at.segment) part_ = pat_packet_ + pmt_packet_;
      }
    } else if (!started_) {
      if (!keyframe || !tables) return std::nullopt;
      started_ = true;
      segment_delay_ns_ = presentationDelayNs(packet);
      segment_start_ns_ = time_ns + segment_delay_ns_;
      segment_discontinuity_ = false;
      while (!pending_splits_.empty() && pending_splits_.front() <= time_ns) pending_splits_.pop_front();
      beginPart(segment_start_ns_, true, true, false);
      part_ = pat_packet_ + pmt_packet_;
    } else {
      // A requested split at this frame (1 ms of rounding allowed): another
      // source begins here, wherever the segment and the part are. Its first
      // frame is a keyframe (the switch waits for one); were it not, the cut
      // is made all the same, the part not independent: nothing of one
      // source may join the other's segment. Else a keyframe once the
      // segment is long enough.
      bool split = false;
      while (!pending_splits_.empty() && pending_splits_.front() <= time_ns + 1'000'000) {
        split = true;
        pending_splits_.pop_front();
      }
      // This frame's time as the open segment's are given: shifted by the
      // delay of its first picture.
      const int64_t at = time_ns + segment_delay_ns_;
      const bool new_segment = split || (keyframe && at - segment_start_ns_ >= segment_target_ns_ - 1'000'000);
      // The part ends before the frame that would take it past the target.
      const int64_t next_end = at + std::max<int64_t>(frame_interval_ns_, 0);
      const bool new_part = new_segment || (at > part_start_ns_ && next_end - part_start_ns_ > part_target_ns_);
      if (new_segment) {
        // A new segment is timed from when its first picture shows; never
        // before the part it ends began.
        segment_delay_ns_ = keyframe ? presentationDelayNs(packet) : 0;
        const int64_t start = std::max(time_ns + segment_delay_ns_, part_start_ns_);
        cut = finishPart(start, true, split);
        beginPart(start, keyframe, true, split);
        part_ = pat_packet_ + pmt_packet_;
      } else if (new_part) {
        cut = finishPart(at, false, false);
        beginPart(at, keyframe, false, false);
      }
      // The gap before a new source is no frame interval.
      if (split) last_frame_ns_ = -1;
    }
    if (last_frame_ns_ >= 0 && time_ns > last_frame_ns_) frame_interval_ns_ = time_ns - last_frame_ns_;
    last_frame_ns_ = time_ns;
  }
  if (started_) part_.append(reinterpret_cast<const char*>(packet), kTsPacketSize);
  return cut;
}

}  // namespace hallcast
