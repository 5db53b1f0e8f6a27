#include "room/ts_segmenter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <deque>
#include <tuple>
#include <vector>

namespace hallcast {
namespace {

using Packet = std::array<uint8_t, kTsPacketSize>;
constexpr uint16_t kPmtPid = 0x1000;
constexpr uint16_t kVideoPid = 0x41;
constexpr uint16_t kAudioPid = 0x42;
constexpr int64_t kMs = 1'000'000;

Packet header(uint16_t pid, bool unit_start) {
  Packet p{};
  p.fill(0xff);
  p[0] = 0x47;
  p[1] = static_cast<uint8_t>((unit_start ? 0x40 : 0) | (pid >> 8));
  p[2] = static_cast<uint8_t>(pid & 0xff);
  p[3] = 0x10;  // payload only
  return p;
}

// A PSI section (pointer field 0) after the header; the CRC is not read.
Packet section(uint16_t pid, std::vector<uint8_t> body) {
  Packet p = header(pid, true);
  p[4] = 0;
  const std::size_t length = body.size() - 3 + 4;  // after section_length, with the CRC
  body[1] = static_cast<uint8_t>(0xb0 | (length >> 8));
  body[2] = static_cast<uint8_t>(length & 0xff);
  std::copy(body.begin(), body.end(), p.begin() + 5);
  return p;
}

Packet pat() {
  return section(0, {0x00, 0, 0, 0x00, 0x01, 0xc1, 0x00, 0x00,  // table 0, ts id 1, version
                     0x00, 0x01, static_cast<uint8_t>(0xe0 | (kPmtPid >> 8)), kPmtPid & 0xff});
}

Packet pmt() {
  return section(kPmtPid, {0x02, 0, 0, 0x00, 0x01, 0xc1, 0x00, 0x00, 0xe0 | 0x00, kVideoPid, 0xf0, 0x00,
                           0x0f, 0xe0, kAudioPid, 0xf0, 0x00,    // AAC first: the video is found anyway
                           0x1b, 0xe0, kVideoPid, 0xf0, 0x00});  // H.264
}

// The first packet of a video access unit; a keyframe's carries the
// random access indicator in an adaptation field, as mpegtsmux writes it.
Packet frame(bool keyframe) {
  Packet p = header(kVideoPid, true);
  if (keyframe) {
    p[3] = 0x30;
    p[4] = 1;
    p[5] = 0x40;
  }
  return p;
}

// A keyframe whose PES header says it shows `delay_ms` after it decodes
// (PTS − DTS, 90 kHz), as a keyframe with B-frames after it does.
Packet delayedKeyframe(int64_t dts_ms, int64_t delay_ms) {
  Packet p = frame(true);
  const auto stamp = [&p](std::size_t at, int prefix, int64_t ms) {
    const int64_t t = ms * 90;
    p[at] = static_cast<uint8_t>((prefix << 4) | ((t >> 29) & 0x0e) | 1);
    p[at + 1] = static_cast<uint8_t>(t >> 22);
    p[at + 2] = static_cast<uint8_t>(((t >> 14) & 0xfe) | 1);
    p[at + 3] = static_cast<uint8_t>(t >> 7);
    p[at + 4] = static_cast<uint8_t>(((t << 1) & 0xfe) | 1);
  };
  const uint8_t pes[] = {0, 0, 1, 0xe0, 0, 0, 0x80, 0xc0, 10};
  std::copy(std::begin(pes), std::end(pes), p.begin() + 6);
  stamp(15, 3, dts_ms + delay_ms);
  stamp(20, 1, dts_ms);
  return p;
}

struct Feed {
  TsSegmenter segmenter{2000 * kMs, 334 * kMs};
  std::vector<TsCut> cuts;
  void push(const Packet& p, int64_t t) {
    if (auto cut = segmenter.push(p.data(), t)) cuts.push_back(std::move(*cut));
  }
  // Video at `fps` from `from` to `to` (ms), keyframes every `gop_ms`,
  // an audio packet after each frame, tables every 500 ms.
  // Its keyframes show `delay_ms` after they decode (B-frames follow them).
  void video(int64_t from_ms, int64_t to_ms, int fps, int64_t gop_ms, int64_t delay_ms = 0) {
    for (int64_t n = 0;; ++n) {
      const int64_t t = from_ms * kMs + n * 1000 * kMs / fps;
      if (t >= to_ms * kMs) break;
      if ((t / kMs) % 500 == 0) {
        push(pat(), t);
        push(pmt(), t);
      }
      const bool key = (t - from_ms * kMs) % (gop_ms * kMs) == 0;
      push(key && delay_ms > 0 ? delayedKeyframe(t / kMs, delay_ms) : frame(key), t);
      push(header(kVideoPid, false), t);
      push(header(kAudioPid, true), t);
    }
  }
};

TEST(TsSegmenter, PartsEndBeforeTheFrameThatWouldPassTheTargetAndSegmentsAtKeyframes) {
  Feed f;
  f.video(0, 4100, 10, 2000);  // 10 fps, a keyframe every 2 s
  // Parts of three frames (300 ms: a fourth would make 400 > 334); the
  // segment's last part ends at the keyframe at 2 s.
  ASSERT_GE(f.cuts.size(), 14u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(f.cuts[i].part_start_ns, i * 300 * kMs) << i;
    EXPECT_EQ(f.cuts[i].part_duration_ns, 300 * kMs) << i;
    EXPECT_FALSE(f.cuts[i].segment_ended) << i;
    EXPECT_EQ(f.cuts[i].part_independent, i == 0) << i;
  }
  EXPECT_EQ(f.cuts[6].part_duration_ns, 200 * kMs);
  EXPECT_TRUE(f.cuts[6].segment_ended);
  EXPECT_EQ(f.cuts[6].segment_start_ns, 0);
  EXPECT_EQ(f.cuts[6].segment_duration_ns, 2000 * kMs);
  EXPECT_FALSE(f.cuts[6].segment_discontinuity);
  EXPECT_TRUE(f.cuts[7].part_independent);
  EXPECT_EQ(f.cuts[7].segment_start_ns, 2000 * kMs);
  EXPECT_TRUE(f.cuts[13].segment_ended);
  EXPECT_EQ(f.cuts[13].segment_duration_ns, 2000 * kMs);
  for (const TsCut& cut : f.cuts) {
    EXPECT_LE(cut.part_duration_ns, 334 * kMs);
    EXPECT_EQ(cut.part_bytes.size() % kTsPacketSize, 0u);
  }
}

TEST(TsSegmenter, EachSegmentStartsWithTheTablesAndAKeyframe) {
  Feed f;
  f.video(0, 4100, 10, 2000);
  const Packet p = pat(), m = pmt(), k = frame(true);
  for (int i : {0, 7}) {
    const std::string& bytes = f.cuts[i].part_bytes;
    ASSERT_GE(bytes.size(), 3 * kTsPacketSize);
    EXPECT_EQ(bytes.compare(0, kTsPacketSize, reinterpret_cast<const char*>(p.data()), kTsPacketSize), 0) << i;
    EXPECT_EQ(bytes.compare(kTsPacketSize, kTsPacketSize, reinterpret_cast<const char*>(m.data()), kTsPacketSize), 0);
  }
  // The segment at 2 s: the stream's own tables, written just before the
  // keyframe, ended the previous part; the copies lead to the keyframe.
  const std::string& second = f.cuts[7].part_bytes;
  EXPECT_EQ(second.compare(2 * kTsPacketSize, kTsPacketSize, reinterpret_cast<const char*>(k.data()), kTsPacketSize), 0);
}

TEST(TsSegmenter, NothingBeforeTheFirstKeyframeAndTablesIsKept) {
  Feed f;
  f.push(frame(false), 0);
  f.push(frame(true), 100 * kMs);  // no tables seen yet: cannot start
  f.video(200, 1000, 10, 400);  // keyframes at 200 and 600 ms, tables at 500
  ASSERT_FALSE(f.cuts.empty());
  EXPECT_EQ(f.cuts.front().segment_start_ns, 600 * kMs);
}

TEST(TsSegmenter, ASplitStartsASegmentAfterADiscontinuityAtTheNextKeyframe) {
  Feed f;
  f.segmenter.splitAt(950 * kMs);  // another source went on air: its first keyframe at 1 s
  f.video(0, 2100, 10, 1000);
  // The segment ends early, at 1 s; the next one follows a discontinuity.
  const TsCut* first_end = nullptr;
  for (const TsCut& cut : f.cuts) {
    if (cut.segment_ended) {
      first_end = &cut;
      break;
    }
  }
  ASSERT_NE(first_end, nullptr);
  EXPECT_EQ(first_end->segment_duration_ns, 1000 * kMs);
  EXPECT_FALSE(first_end->segment_discontinuity);
  EXPECT_TRUE(f.segmenter.openSegmentDiscontinuous() || f.cuts.back().segment_discontinuity);
  bool later_discontinuous = false;
  for (const TsCut& cut : f.cuts) {
    if (cut.segment_start_ns == 1000 * kMs) later_discontinuous = cut.segment_discontinuity;
  }
  EXPECT_TRUE(later_discontinuous);
}

// The segments that ended, as (start, duration, discontinuity) in ms.
std::vector<std::tuple<int64_t, int64_t, bool>> segmentsOf(const std::vector<TsCut>& cuts) {
  std::vector<std::tuple<int64_t, int64_t, bool>> out;
  for (const TsCut& cut : cuts) {
    if (cut.segment_ended) {
      out.emplace_back(cut.segment_start_ns / kMs, cut.segment_duration_ns / kMs, cut.segment_discontinuity);
    }
  }
  return out;
}

TEST(TsSegmenter, ASplitCutsExactlyAtTheNewSourcesFirstFrameMidGopAndMidPart) {
  // The old source's GOP runs 0–2 s; the new source's first keyframe is at
  // 1.25 s (a frame every 50 ms), inside the old GOP and inside a part.
  Feed f;
  f.segmenter.splitAt(1250 * kMs);
  f.video(0, 1250, 20, 2000);
  f.video(1250, 4300, 20, 2000);
  using S = std::tuple<int64_t, int64_t, bool>;
  EXPECT_EQ(segmentsOf(f.cuts), (std::vector<S>{{0, 1250, false}, {1250, 2000, true}}));
  for (std::size_t i = 0; i < f.cuts.size(); ++i) {
    const TsCut& cut = f.cuts[i];
    // No part spans the switch, and the one after it can be started at.
    EXPECT_FALSE(cut.part_start_ns < 1250 * kMs && cut.part_start_ns + cut.part_duration_ns > 1250 * kMs) << i;
    if (cut.part_start_ns == 1250 * kMs) EXPECT_TRUE(cut.part_independent);
  }
}

TEST(TsSegmenter, ASplitAtAFrameThatIsNotAKeyframeCutsThereAllTheSame) {
  // Nothing of one source may join the other's segment: were the first
  // frame not marked a keyframe, the cut is still made, the part then not
  // independent; the next keyframe starts a segment as usual afterwards.
  Feed g;
  g.segmenter.splitAt(495 * kMs);  // a split rounded 5 ms early: the first frame at or after it
  g.video(0, 600, 10, 2000);       // keyframe at 0 only
  g.video(600, 3100, 10, 1000);    // keyframes at 600, 1600, 2600
  using S = std::tuple<int64_t, int64_t, bool>;
  const auto segments = segmentsOf(g.cuts);
  ASSERT_GE(segments.size(), 2u);
  EXPECT_EQ(segments[0], (S{0, 500, false}));
  EXPECT_EQ(std::get<0>(segments[1]), 500);
  EXPECT_TRUE(std::get<2>(segments[1]));
  for (const TsCut& cut : g.cuts) {
    if (cut.part_start_ns == 500 * kMs) EXPECT_FALSE(cut.part_independent);
  }
}

TEST(TsSegmenter, TwoSplitsAtOneFrameMakeOneCut) {
  // Two switches in quick succession (a feed that came and went before
  // the muxer caught up): one cut, one discontinuity.
  Feed f;
  f.video(0, 1000, 10, 1000);
  f.segmenter.splitAt(1000 * kMs);
  f.segmenter.splitAt(1000 * kMs);
  f.video(1000, 3100, 10, 1000);
  using S = std::tuple<int64_t, int64_t, bool>;
  const auto segments = segmentsOf(f.cuts);
  ASSERT_GE(segments.size(), 2u);
  EXPECT_EQ(segments[0], (S{0, 1000, false}));
  EXPECT_EQ(segments[1], (S{1000, 2000, true}));
}

TEST(TsSegmenter, ASegmentWaitsForAKeyframe) {
  Feed f;
  f.video(0, 6100, 10, 3000);  // a 3 s GOP with a 2 s target
  std::vector<int64_t> segments;
  for (const TsCut& cut : f.cuts) {
    if (cut.segment_ended) segments.push_back(cut.segment_duration_ns / kMs);
  }
  EXPECT_EQ(segments, (std::vector<int64_t>{3000, 3000}));
}

TEST(TsSegmenter, ASegmentIsTimedFromWhenItsFirstPictureShows) {
  // A source with B-frames (its keyframes show 80 ms after they decode),
  // then one without (the slate, or a ladder rung), then the first again:
  // each segment starts when its first picture shows, so that its date-time
  // is that picture's; the lengths follow, the one before a switch ending
  // where the next source's first picture shows.
  Feed f;
  f.video(0, 2000, 25, 1000, 80);
  f.segmenter.splitAt(2000 * kMs);
  f.video(2000, 3000, 25, 1000);
  f.segmenter.splitAt(3000 * kMs);
  f.video(3000, 5100, 25, 1000, 80);
  using S = std::tuple<int64_t, int64_t, bool>;
  EXPECT_EQ(segmentsOf(f.cuts),
            (std::vector<S>{{80, 1920, false}, {2000, 1080, true}, {3080, 2000, true}}));
  // The parts of a segment are timed as it is, and add up to it.
  int64_t part_end = f.cuts.front().part_start_ns;
  for (const TsCut& cut : f.cuts) {
    EXPECT_EQ(cut.part_start_ns, part_end);
    part_end = cut.part_start_ns + cut.part_duration_ns;
    if (cut.segment_ended) EXPECT_EQ(part_end, cut.segment_start_ns + cut.segment_duration_ns);
  }
  // A follower hears the same times.
  const std::vector<TsBoundary> boundaries = f.segmenter.takeBoundaries();
  ASSERT_FALSE(boundaries.empty());
  EXPECT_EQ(boundaries.front().time_ns, 80 * kMs);
}

// An interpretation channel's stream: AAC only, one frame every 1024
// samples at 48 kHz.
Packet audioOnlyPmt() {
  return section(kPmtPid, {0x02, 0, 0, 0x00, 0x01, 0xc1, 0x00, 0x00, 0xe0 | 0x00, kAudioPid, 0xf0, 0x00,
                           0x0f, 0xe0, kAudioPid, 0xf0, 0x00});
}
constexpr int64_t kAacFrame = 1024LL * 1'000'000'000 / 48000;  // 21.33 ms

// Feeds `follower` AAC frames from `from_ms` to `to_ms`, handing it the
// leader's boundaries up to each frame first (as HlsOutput does).
void audio(TsSegmenter& follower, std::vector<TsCut>& cuts, std::deque<TsBoundary>& leader, int64_t from_ms,
           int64_t to_ms) {
  for (int64_t t = from_ms * kMs; t < to_ms * kMs; t += kAacFrame) {
    while (!leader.empty() && leader.front().time_ns <= t) {
      follower.cutAt(leader.front());
      leader.pop_front();
    }
    for (const Packet& p : {pat(), audioOnlyPmt(), header(kAudioPid, true), header(kAudioPid, false)}) {
      if (auto cut = follower.push(p.data(), t)) cuts.push_back(std::move(*cut));
    }
  }
}

TEST(TsSegmenter, AnAudioOnlyFollowerCutsWhereTheVideoWasCut) {
  Feed video;
  video.segmenter.splitAt(2950 * kMs);  // a switch: a segment after a discontinuity at 3 s
  video.video(0, 6100, 10, 1000);
  std::vector<TsBoundary> boundaries = video.segmenter.takeBoundaries();
  ASSERT_FALSE(boundaries.empty());
  EXPECT_TRUE(boundaries.front().segment);
  EXPECT_EQ(boundaries.front().time_ns, 0);
  std::deque<TsBoundary> leader(boundaries.begin(), boundaries.end());

  TsSegmenter follower{2000 * kMs, 334 * kMs};
  follower.follow();
  std::vector<TsCut> cuts;
  audio(follower, cuts, leader, 0, 6100);
  std::vector<int64_t> video_segments, audio_segments, video_parts, audio_parts;
  for (const TsCut& c : video.cuts) {
    video_parts.push_back(c.part_start_ns);
    if (c.segment_ended) video_segments.push_back(c.segment_start_ns);
  }
  for (const TsCut& c : cuts) {
    audio_parts.push_back(c.part_start_ns);
    if (c.segment_ended) audio_segments.push_back(c.segment_start_ns);
    EXPECT_TRUE(c.part_independent);  // every audio frame is
  }
  // Segment for segment, part for part, each cut at the first audio frame
  // at or after the video's and timed as the video's: the renditions
  // agree on every length and date-time.
  ASSERT_EQ(audio_segments.size(), video_segments.size());
  ASSERT_EQ(audio_parts.size(), video_parts.size());
  EXPECT_EQ(audio_segments, video_segments);
  EXPECT_EQ(audio_parts, video_parts);
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    EXPECT_EQ(cuts[i].part_duration_ns, video.cuts[i].part_duration_ns) << i;
  }
  // The discontinuity at 3 s is the follower's too.
  for (const TsCut& c : cuts) {
    EXPECT_EQ(c.segment_discontinuity, c.segment_start_ns >= 3000 * kMs && c.segment_start_ns < 3000 * kMs + kAacFrame)
        << c.segment_start_ns;
  }
  EXPECT_EQ(follower.skippedSegments(), 0u);
}

TEST(TsSegmenter, AFollowerThatStartsLateCountsTheSegmentsItMissed) {
  Feed video;
  video.segmenter.splitAt(950 * kMs);  // discontinuity at 1 s
  video.video(0, 5100, 10, 1000);
  std::vector<TsBoundary> boundaries = video.segmenter.takeBoundaries();
  std::deque<TsBoundary> leader(boundaries.begin(), boundaries.end());
  TsSegmenter follower{2000 * kMs, 334 * kMs};
  follower.follow();
  std::vector<TsCut> cuts;
  // Its first audio at 2.5 s, inside the leader's second segment (1-3 s,
  // after a discontinuity): it begins that segment late, and counts the
  // first (0-1 s) as missed.
  audio(follower, cuts, leader, 2500, 5100);
  ASSERT_FALSE(cuts.empty());
  EXPECT_GE(cuts.front().segment_start_ns, 2500 * kMs);
  EXPECT_LT(cuts.front().segment_start_ns, 2500 * kMs + kAacFrame);
  EXPECT_TRUE(cuts.front().segment_discontinuity);
  EXPECT_EQ(follower.skippedSegments(), 1u);
  EXPECT_EQ(follower.skippedDiscontinuities(), 0u);
}

}  // namespace
}  // namespace hallcast
