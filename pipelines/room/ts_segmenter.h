#pragma once
// Cuts the room's MPEG-TS stream (mpegtsmux's output, one 188-byte packet
// at a time) into Low-Latency HLS parts and segments (RFC 8216bis §3.2,
// §4.4.4.9): a segment starts at a video keyframe once the previous one
// reached the target duration, or exactly where a source switch asked for
// a cut (splitAt(), in the muxer's time, which is the input's); a
// part ends before the video frame that would take it past the part target.
// Each segment (and so its first part) starts with the stream's latest PAT
// and PMT, repeated as ISO/IEC 13818-1 duplicate packets, so that a player
// can start decoding there. A stream without video (an interpretation
// channel's audio) is cut at audio frames instead, each of which a decoder
// can start at.
//
// The room's outputs line up: the main output's segmenter records where it
// began each part and segment (takeBoundaries()), and a follower's (an
// interpretation channel's audio) in follow mode cuts only there
// (cutAt()), at its first frame at or after each boundary, and times what
// it cuts as the leader did — same segment numbers, discontinuities,
// lengths and date-times (RFC 8216bis §6.2.4: matching content in
// renditions has matching timestamps and discontinuity sequence numbers).
//
// Times given out (parts, segments, boundaries) are when a segment's
// first picture shows, not when it decodes: the muxer's packet times are
// decode times, and a keyframe with B-frames after it shows a reorder
// delay (two frames with x264's defaults) after it decodes (PTS − DTS in
// its PES header). So a segment's date-time is its first picture's, and a
// ladder rung, encoded without B-frames and cut by its own segmenter at
// the same pictures, has the main rendition's lengths and date-times.
// Pure: the packager writes what it returns.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hallcast {

constexpr std::size_t kTsPacketSize = 188;

// What finished with a packet: a part, and maybe its segment with it.
struct TsCut {
  std::string part_bytes;  // the part's packets
  int64_t part_start_ns = 0;
  int64_t part_duration_ns = 0;
  bool part_independent = false;  // starts with a keyframe
  bool segment_ended = false;     // this part was its segment's last
  int64_t segment_start_ns = 0;   // of the segment the part belongs to
  int64_t segment_duration_ns = 0;  // when segment_ended
  bool segment_discontinuity = false;  // the segment follows a source switch
};

// Where a part (and maybe a segment) began.
struct TsBoundary {
  int64_t time_ns = 0;
  bool segment = false;        // a segment began there too
  bool discontinuity = false;  // that segment follows a source switch
};

class TsSegmenter {
 public:
  TsSegmenter(int64_t segment_target_ns, int64_t part_target_ns)
      : segment_target_ns_(segment_target_ns), part_target_ns_(part_target_ns) {}

  // Follow mode: cuts only at the boundaries given to cutAt(), never by
  // its own targets.
  void follow() { follow_ = true; }
  // Follow mode: the leader began a part (or segment) at `boundary`. Given
  // in time order, each before any packet later than it is pushed.
  void cutAt(const TsBoundary& boundary) { cuts_.push_back(boundary); }
  // The boundaries this segmenter began since the last call, in order.
  std::vector<TsBoundary> takeBoundaries() { return std::exchange(boundaries_, {}); }
  // Follow mode: segments (and discontinuities among them) the leader began
  // before this stream's first frame — so that its first segment has the
  // leader's sequence numbers.
  uint64_t skippedSegments() const { return skipped_segments_; }
  uint64_t skippedDiscontinuities() const { return skipped_discontinuities_; }

  // One packet at `time_ns` (the muxer's output time: the decode time of
  // the access unit it carries). Returns the part (and segment) the packet
  // closed, if any; the packet itself then begins the next part. Packets
  // before the first keyframe are dropped: nothing can decode them.
  std::optional<TsCut> push(const uint8_t* packet, int64_t time_ns);
  // The next segment starts at the first frame decoded at or after
  // `time_ns` — the new source's first keyframe — after a discontinuity
  // (another source went on air there), however short the segment and
  // part before it. The segment before lasts until then, a gap after its
  // last frame included (the slate starts at the wall clock's now, after a
  // lost feed's last frame): trimming it made a replay's length depend on
  // how loaded the machine was (issue 23's note).
  void splitAt(int64_t time_ns) { pending_splits_.push_back(time_ns); }

  // Whether the segment being written follows a discontinuity.
  bool openSegmentDiscontinuous() const { return segment_discontinuity_; }
  bool started() const { return started_; }

 private:
  void learnTables(const uint8_t* packet, uint16_t pid);
  void beginPart(int64_t time_ns, bool keyframe, bool segment, bool discontinuity);
  // Follow mode: whether a frame at `time_ns` begins a part (and a
  // segment, after a discontinuity) — from the leader's boundaries up to it.
  struct FollowCut {
    int64_t time_ns = 0;  // the leader's boundary: the follower's parts and
                          // segments are timed as the leader's, so that
                          // renditions agree on lengths and date-times
    bool part = false;
    bool segment = false;
    bool discontinuity = false;
  };
  FollowCut followCut(int64_t time_ns);
  TsCut finishPart(int64_t time_ns, bool new_segment, bool discontinuity);

  int64_t segment_target_ns_;
  int64_t part_target_ns_;
  std::deque<int64_t> pending_splits_;

  bool follow_ = false;
  std::deque<TsBoundary> cuts_;        // follow mode: the leader's, not reached yet
  std::vector<TsBoundary> boundaries_;  // begun here, not taken yet
  uint64_t skipped_segments_ = 0;
  uint64_t skipped_discontinuities_ = 0;

  // From the PAT and PMT: where the frames that start parts are — the
  // video, or the audio of a stream without video.
  int pmt_pid_ = -1;
  int frame_pid_ = -1;
  bool audio_frames_ = false;
  std::string pat_packet_;  // the latest, to start segments with
  std::string pmt_packet_;

  bool started_ = false;
  std::string part_;  // packets of the part being written
  int64_t part_start_ns_ = 0;
  bool part_independent_ = false;
  int64_t segment_start_ns_ = 0;
  // How long after it decodes the open segment's first picture shows: its
  // parts and the segment itself are timed from there.
  int64_t segment_delay_ns_ = 0;
  bool segment_discontinuity_ = false;
  int64_t last_frame_ns_ = -1;   // decode time of the latest video frame
  int64_t frame_interval_ns_ = 0;  // between the latest two
};

}  // namespace hallcast
