#include "room/ts_segmenter.h"

#include <algorithm>

namespace hallcast {
namespace {

// ISO/IEC 13818-1 §2.4.3.2: the transport packet header.
uint16_t packetPid(const uint8_t* p) { return static_cast<uint16_t>(((p[1] & 0x1f) << 8) | p[2]); }
bool unitStart(const uint8_t* p) { return (p[1] & 0x40) != 0; }
bool hasAdaptationField(const uint8_t* p) { return (p[3] & 0x20) != 0; }
bool hasPayload(const uint8_t* p) { return (p[3] & 0x10) != 0; }

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

// §2.4.4.8: the PID of the first video stream (H.264, H.265, MPEG-2), or -1.
int videoPidOf(std::basic_string_view<uint8_t> s) {
  if (s.size() < 12 || s[0] != 0x02) return -1;
  std::size_t at = 12 + (((s[10] & 0x0f) << 8) | s[11]);  // past program_info
  while (at + 5 + 4 <= s.size()) {
    const uint8_t type = s[at];
    const int pid = ((s[at + 1] & 0x1f) << 8) | s[at + 2];
    if (type == 0x1b || type == 0x24 || type == 0x02) return pid;
    at += 5 + (((s[at + 3] & 0x0f) << 8) | s[at + 4]);
  }
  return -1;
}

}  // namespace

void TsSegmenter::learnTables(const uint8_t* packet, uint16_t pid) {
  if (pid == 0) {
    const int pmt = pmtPidOf(sectionOf(packet));
    if (pmt < 0) return;
    pmt_pid_ = pmt;
    pat_packet_.assign(reinterpret_cast<const char*>(packet), kTsPacketSize);
  } else if (pmt_pid_ >= 0 && pid == pmt_pid_) {
    const int video = videoPidOf(sectionOf(packet));
    if (video < 0) return;
    video_pid_ = video;
    pmt_packet_.assign(reinterpret_cast<const char*>(packet), kTsPacketSize);
  }
}

void TsSegmenter::beginPart(int64_t time_ns, bool keyframe) {
  part_.clear();
  part_start_ns_ = time_ns;
  part_independent_ = keyframe;
}

std::optional<TsCut> TsSegmenter::push(const uint8_t* packet, int64_t time_ns) {
  if (packet[0] != 0x47) return std::nullopt;  // not a packet: the muxer never writes one
  const uint16_t pid = packetPid(packet);
  learnTables(packet, pid);
  const bool frame_start = video_pid_ >= 0 && pid == video_pid_ && unitStart(packet);
  const bool keyframe = frame_start && randomAccess(packet);

  std::optional<TsCut> cut;
  if (frame_start) {
    if (!started_) {
      if (!keyframe || pat_packet_.empty() || pmt_packet_.empty()) return std::nullopt;
      started_ = true;
      segment_start_ns_ = time_ns;
      segment_discontinuity_ = false;
      while (!pending_splits_.empty() && pending_splits_.front() <= time_ns) pending_splits_.pop_front();
      beginPart(time_ns, true);
      part_ = pat_packet_ + pmt_packet_;
    } else {
      // A requested split at this keyframe (1 ms of rounding allowed), or
      // a keyframe once the segment is long enough.
      bool split = false;
      while (keyframe && !pending_splits_.empty() && pending_splits_.front() <= time_ns + 1'000'000) {
        split = true;
        pending_splits_.pop_front();
      }
      const bool new_segment = keyframe && (split || time_ns - segment_start_ns_ >= segment_target_ns_ - 1'000'000);
      // The part ends before the frame that would take it past the target.
      const int64_t next_end = time_ns + std::max<int64_t>(frame_interval_ns_, 0);
      const bool new_part = new_segment || (time_ns > part_start_ns_ && next_end - part_start_ns_ > part_target_ns_);
      if (new_part) {
        cut.emplace();
        cut->part_bytes = std::move(part_);
        cut->part_start_ns = part_start_ns_;
        cut->part_duration_ns = std::max<int64_t>(0, time_ns - part_start_ns_);
        cut->part_independent = part_independent_;
        cut->segment_start_ns = segment_start_ns_;
        cut->segment_discontinuity = segment_discontinuity_;
        if (new_segment) {
          cut->segment_ended = true;
          cut->segment_duration_ns = std::max<int64_t>(0, time_ns - segment_start_ns_);
          segment_start_ns_ = time_ns;
          segment_discontinuity_ = split;
        }
        beginPart(time_ns, keyframe);
        if (new_segment) part_ = pat_packet_ + pmt_packet_;
      }
    }
    if (last_frame_ns_ >= 0 && time_ns > last_frame_ns_) frame_interval_ns_ = time_ns - last_frame_ns_;
    last_frame_ns_ = time_ns;
  }
  if (started_) part_.append(reinterpret_cast<const char*>(packet), kTsPacketSize);
  return cut;
}

}  // namespace hallcast
