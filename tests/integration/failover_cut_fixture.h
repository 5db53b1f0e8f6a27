#pragma once
// The fixture of FailoverCutTest (failover_cut_test.cpp): a test puts
// sources on air step by step (play()) while every segment and part the
// live playlist lists is captured; then each is decoded frame by frame. No
// segment may carry two sources, every change of source must have
// EXT-X-DISCONTINUITY right before the segment where it happens, parts
// start independent exactly when they start with a keyframe, the audio
// keeps one shape throughout and lasts as long as the pictures before every
// switch, and time only moves forward — in the main rendition, in the
// renditions cut from it, in the recording and the replay archive.
//
// Each source on air after another has another picture size (the slate is
// 480x270), so a picture's size says which source it came from; the
// encoders' audio is a loud tone and the slate's is silence.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <iomanip>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "support/child_process.h"
#include "support/gst_publisher.h"
#include "support/hls_capture.h"
#include "support/media_fixture.h"

namespace hallcast::test {

// The encoder's picture size in each of its three runs.
inline constexpr std::pair<int, int> kRunSizes[] = {{640, 360}, {512, 288}, {640, 360}};
inline constexpr std::pair<int, int> kSlateSize{480, 270};
// Louder than this is the encoders' tone; the slate is digital silence.
inline constexpr double kToneDbfs = -40;

struct EncoderSpec {
  int fps = 30;
  int gop_frames = 60;
  int sample_rate = 44100;
  int channels = 2;
};

// Unix ms of an EXT-X-PROGRAM-DATE-TIME value (RFC 3339, e.g. "…T06:36:14.123Z").
inline int64_t unixMs(const std::string& pdt) {
  std::tm tm{};
  std::istringstream in(pdt);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return 0;
  int ms = 0;
  if (in.peek() == '.') {
    in.get();
    in >> ms;
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

inline int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class FailoverCutTest : public MediaTest {
 protected:
  static std::string test_info_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

  // A running encoder; stopping it is the hall losing its feed.
  using Encoder = std::function<std::unique_ptr<ChildProcess>(int run, int width, int height)>;

  // ffmpeg, as a hall encoder is set up: x264 with B-frames at a fixed
  // GOP, AAC, sending to `url` in `format`.
  std::unique_ptr<ChildProcess> ffmpeg(const EncoderSpec& spec, int run, int width, int height,
                                       const std::string& format, const std::string& url) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    std::vector<std::string> args{
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + std::to_string(spec.fps),
        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=" + std::to_string(spec.sample_rate),
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-b:v", "800k",
        "-g", std::to_string(spec.gop_frames), "-keyint_min", std::to_string(spec.gop_frames),
        "-sc_threshold", "0",
        "-c:a", "aac", "-b:a", "128k", "-ar", std::to_string(spec.sample_rate),
        "-ac", std::to_string(spec.channels), "-f", format, url};
    auto process = std::make_unique<ChildProcess>(args, dir_.path() / ("encoder-" + std::to_string(run) + ".log"));
    process->start();
    return process;
  }

  // One change a test makes while the room is on air, and what is on air
  // after it: the slate, or a picture of `size` from the hall.
  struct Step {
    std::string what;  // for messages: "the encoder is lost"
    std::pair<int, int> size;
    // A new run of an encoder: its pictures are dated after it started.
    bool encoder_started = false;
    std::function<void()> act;
    // The same source goes on in a new format: its sound runs on.
    bool same_source = false;
    // What goes on air is the room's backup feed (health shows the main
    // feed's picture size, not the backup's).
    bool backup = false;
  };

  // The room starts on the slate; each step is taken once the output has
  // gone on with what the step before put on air. Every segment listed
  // meanwhile (and of each follower) is captured and checked.
  void play(const std::vector<Step>& steps) {
    // HALLCAST_CAPTURE_DIR keeps what was captured, for a look at a failure.
    const char* keep = std::getenv("HALLCAST_CAPTURE_DIR");
    const std::filesystem::path captured = keep ? std::filesystem::path(keep) / test_info_name() : dir_.path() / "capture";
    HlsCapture capture(hub().url("/live/main-forum/index.m3u8"), captured);
    v1::FeedHealth h;
    ASSERT_TRUE(waitForHealth([](const auto& f) { return f.on_air() == "slate"; }, 20s, &h)) << h.DebugString();
    // The renditions cut from the room's output, captured alongside.
    std::vector<std::unique_ptr<HlsCapture>> followers;
    for (const Follower& f : followers_) {
      followers.push_back(std::make_unique<HlsCapture>(hub().url("/live/main-forum/" + f.playlist), captured / f.label));
    }
    capture.start();
    for (auto& f : followers) f->start();
    ASSERT_TRUE(capture.waitForMore(2, 20s)) << "no segments on the slate";
    on_air_ = {{"the slate", kSlateSize, 0, 0}};
    for (const Step& step : steps) {
      const int64_t started = nowUnixMs();
      step.act();
      const bool slate = step.size == kSlateSize;
      ASSERT_TRUE(waitForHealth(
          [&](const auto& f) {
            if (slate || step.backup) return f.on_air() == (slate ? "slate" : "backup");
            return f.on_air() == "live" && f.width() == static_cast<uint32_t>(step.size.first) &&
                   f.height() == static_cast<uint32_t>(step.size.second);
          },
          30s, &h))
          << "after " << step.what << ": " << h.DebugString() << encoderLogs();
      on_air_.push_back({step.what, step.size, step.encoder_started ? started : 0, nowUnixMs(), step.same_source});
      ASSERT_TRUE(capture.waitForMore(slate ? 2 : 3, 30s)) << "the output stalled after " << step.what;
    }
    ASSERT_TRUE(capture.waitForMore(1, 10s));
    capture.stop();
    // The followers finish the segments the main rendition finished (each
    // is cut when its own next frame arrives).
    const uint64_t last = capture.segments().back().msn;
    for (auto& f : followers) {
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (std::chrono::steady_clock::now() < deadline &&
             (f->segments().empty() || f->segments().back().msn < last)) {
        std::this_thread::sleep_for(100ms);
      }
      f->stop();
    }
    EXPECT_EQ(capture.missed(), 0u) << "segments left the playlist before they were captured";
    const std::vector<CapturedSegment> segments = capture.segments();
    const std::vector<Facts> main = checkCuts(segments);
    for (std::size_t i = 0; i < followers.size(); ++i) {
      EXPECT_EQ(followers[i]->missed(), 0u) << followers_[i].label << ": segments left before they were captured";
      checkFollower(followers_[i], followers[i]->segments(), main);
    }
    if (recorded_) {
      checkRecording();
      checkReplay(main);
    }
    if (keep) std::ofstream(captured / "hub.log") << hub().log();
  }

  // The usual failure: the hall's encoder is lost and comes back, twice,
  // each time at another picture size.
  std::vector<Step> loseAndRecoverTwice(const Encoder& encoder) {
    std::vector<Step> steps;
    for (int run = 0; run < 3; ++run) {
      const auto size = kRunSizes[run];
      if (run > 0) steps.push_back({"the encoder is lost", kSlateSize, false, [this] { encoder_.reset(); }});
      steps.push_back({"the encoder starts (run " + std::to_string(run + 1) + ")", size, true,
                       [this, encoder, run, size] { encoder_ = encoder(run, size.first, size.second); }});
    }
    return steps;
  }

  // What the encoders said, for a failure's message.
  std::string encoderLogs() const {
    std::string out;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (entry.path().filename().string().starts_with("encoder-")) {
        out += "\n" + entry.path().filename().string() + ":\n" + readFile(entry.path());
      }
    }
    return out;
  }

  // What was on air, in order, and when health showed it.
  struct OnAir {
    std::string what;
    std::pair<int, int> size;
    int64_t encoder_started_ms = 0;  // a new encoder run: when it was started
    int64_t shown_ms = 0;
    bool same_source = false;  // as before, in a new format
  };
  std::vector<OnAir> on_air_;
  std::unique_ptr<ChildProcess> encoder_;  // the running hall encoder, if it is a process

  // What a player finds in one captured segment.
  struct Facts {
    const CapturedSegment* segment = nullptr;
    std::vector<std::pair<int, int>> sizes;  // picture sizes, in order, each once per run
    bool starts_with_keyframe = false;
    std::pair<int, int> audio{0, 0};  // sample rate, channels
    bool channels_change = false;     // within the segment
    std::size_t loud = 0, quiet_before = 0, quiet_after = 0;  // audio frames
    double first_pts[2] = {1e18, 1e18}, last_pts[2] = {-1, -1};  // video, audio
    int64_t pdt_ms = 0;
    std::vector<std::string> part_faults;
    std::string decode_errors;  // ffmpeg's, decoding it whole
  };

  // `video`: a rendition with pictures (else audio only, where every part
  // starts at a frame that decodes alone).
  Facts factsOf(const CapturedSegment& s, bool video = true) {
    Facts f;
    f.segment = &s;
    if (s.file.empty()) return f;
    int channels = -1;
    bool first = true;
    for (const DecodedFrame& frame : decodeFrames(s.file)) {
      const int track = frame.video ? 0 : 1;
      f.first_pts[track] = std::min(f.first_pts[track], frame.pts);
      f.last_pts[track] = std::max(f.last_pts[track], frame.pts);
      if (frame.video) {
        if (first) f.starts_with_keyframe = frame.key;
        first = false;
        if (f.sizes.empty() || f.sizes.back() != std::make_pair(frame.width, frame.height)) {
          f.sizes.emplace_back(frame.width, frame.height);
        }
      } else {
        if (channels >= 0 && frame.channels != channels) f.channels_change = true;
        channels = frame.channels;
      }
    }
    f.audio = audioShape(s.file);
    for (double db : audioFrameLevels(s.file)) {
      if (db > kToneDbfs) {
        ++f.loud;
      } else {
        ++(f.loud ? f.quiet_after : f.quiet_before);
      }
    }
    f.pdt_ms = unixMs(s.program_date_time);
    f.decode_errors = decodeErrors(s.file);
    // The segment is its parts' bytes in order; each part says INDEPENDENT
    // exactly when it starts with a keyframe.
    std::string joined;
    bool all_parts = !s.parts.empty();
    for (std::size_t p = 0; p < s.parts.size(); ++p) {
      const CapturedPart& part = s.parts[p];
      if (part.file.empty()) {
        all_parts = false;
        continue;
      }
      joined += readFile(part.file);
      const bool key = !video || startsWithVideoKeyframe(part.file);
      if (part.independent != key) {
        f.part_faults.push_back("part " + std::to_string(p) + (part.independent ? " says INDEPENDENT but does not start "
                                                                                  "with a keyframe"
                                                                                : " starts with a keyframe but does "
                                                                                  "not say INDEPENDENT"));
      }
      if (p == 0 && !part.independent) f.part_faults.push_back("its first part is not INDEPENDENT");
    }
    if (all_parts && joined != readFile(s.file)) f.part_faults.push_back("its parts are not the segment");
    return f;
  }

  static std::string describe(const Facts& f) {
    std::ostringstream out;
    out << std::setw(3) << f.segment->msn << (f.segment->discontinuity ? " DISC " : "      ") << std::fixed
        << std::setprecision(3) << f.segment->duration << " s: ";
    if (f.sizes.empty()) {
      out << "no video";
    } else {
      out << "video";
      for (const auto& [w, h] : f.sizes) out << " " << w << "x" << h;
      out << (f.starts_with_keyframe ? " " : " (not key) ") << f.first_pts[0] << "-" << f.last_pts[0];
    }
    out << ", audio "
        << f.audio.first << "/" << f.audio.second << " " << f.first_pts[1] << "-" << f.last_pts[1] << " (quiet "
        << f.quiet_before << ", loud " << f.loud << ", quiet " << f.quiet_after << "), " << f.segment->parts.size()
        << " parts";
    for (const std::string& fault : f.part_faults) out << "; " << fault;
    if (!f.decode_errors.empty()) out << "; decoding: " << f.decode_errors.substr(0, f.decode_errors.find('\n'));
    return out.str();
  }

  // The recording: a file of its own for each source on air (an MP4 holds
  // one picture format per track), in order: slate, encoder, slate, …
  // (the last one still being written: fragmented, it plays as it is).
  void checkRecording() {
    const std::filesystem::path dir = dir_.path() / "data" / "recordings" / "main-forum";
    if (const char* keep = std::getenv("HALLCAST_CAPTURE_DIR")) {
      std::filesystem::copy(dir, std::filesystem::path(keep) / test_info_name() / "recording",
                            std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::string table;
    std::vector<std::pair<int, int>> sources;
    for (const auto& file : files) {
      std::vector<std::pair<int, int>> sizes;
      std::size_t frames[2] = {0, 0};
      for (const DecodedFrame& frame : decodeFrames(file)) {
        ++frames[frame.video ? 0 : 1];
        if (frame.video && (sizes.empty() || sizes.back() != std::make_pair(frame.width, frame.height))) {
          sizes.emplace_back(frame.width, frame.height);
        }
      }
      table += file.filename().string() + ":";
      for (const auto& [w, h] : sizes) table += " " + std::to_string(w) + "x" + std::to_string(h);
      table += ", " + std::to_string(frames[0]) + " pictures, " + std::to_string(frames[1]) + " audio frames\n";
      EXPECT_EQ(sizes.size(), 1u) << file.filename() << " carries two sources";
      EXPECT_GT(frames[1], 0u) << file.filename() << " has no sound";
      if (!sizes.empty()) sources.push_back(sizes.front());
    }
    std::cerr << "[ recording ]\n" << table;
    // What was on air during the capture, in order. Files after those are
    // what the room did while the segments were decoded (the encoder sends
    // on; under a full test run its feed has dropped meanwhile): not what
    // the test put on air.
    std::vector<std::pair<int, int>> expected;
    for (const OnAir& o : on_air_) expected.push_back(o.size);
    if (sources.size() > expected.size()) sources.resize(expected.size());
    EXPECT_EQ(sources, expected) << table;
  }

  bool recorded_ = false;
  // How long a source's sound may run on past its last picture at a switch
  // (the next source's first picture comes after both: a gap in the
  // pictures, which players step over).
  double sound_past_pictures_s_ = 0.1;

  // The replay archive keeps the output's segments as they are, with their
  // discontinuities: <date-time ms>-<duration µs>[-d].ts (ReplayArchive).
  void checkReplay(const std::vector<Facts>& main) {
    std::map<int64_t, std::string> archived;  // date-time ms -> file name
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "data" / "replays" / "main-forum")) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".ts") archived[std::stoll(name.substr(0, name.find('-')))] = name;
    }
    std::size_t found = 0;
    for (const Facts& f : main) {
      const auto it = archived.find(f.pdt_ms);
      if (it == archived.end()) continue;
      ++found;
      const bool marked = it->second.ends_with("-d.ts");
      EXPECT_EQ(marked, f.segment->discontinuity)
          << "replay " << it->second << " (segment " << f.segment->msn << "): its discontinuity is not the output's";
    }
    EXPECT_GE(found + 2, main.size()) << "the replay lacks segments of the output";
  }

  // The main rendition's segments, checked; what a follower is held to.
  std::vector<Facts> checkCuts(const std::vector<CapturedSegment>& segments) {
    std::vector<Facts> facts;
    EXPECT_GE(segments.size(), 10u);
    if (segments.size() < 10) return facts;
    std::string table;
    for (const CapturedSegment& s : segments) {
      facts.push_back(factsOf(s));
      table += describe(facts.back()) + "\n";
    }
    std::cerr << "[ segments ]\n" << table;
    SCOPED_TRACE("the segments:\n" + table);
    std::size_t now = 0;  // what is on air (on_air_), as the segments go
    for (std::size_t i = 0; i < facts.size(); ++i) {
      const Facts& f = facts[i];
      const CapturedSegment& s = *f.segment;
      const std::string where = "segment " + std::to_string(s.msn) + ": ";
      if (s.file.empty() || f.sizes.empty()) {
        ADD_FAILURE() << where << (s.file.empty() ? "not fetched" : "no video decoded");
        return facts;
      }
      EXPECT_EQ(f.decode_errors, "") << where << "does not decode cleanly";
      EXPECT_TRUE(f.starts_with_keyframe) << where << "does not start with a keyframe";
      EXPECT_EQ(f.sizes.size(), 1u) << where << "carries two sources";
      const auto size = f.sizes.front();
      const bool slate = size == kSlateSize;
      EXPECT_EQ(f.audio, std::make_pair(48000, 2)) << where << "the audio changes shape";
      EXPECT_FALSE(f.channels_change) << where << "the audio changes shape";
      EXPECT_TRUE(f.part_faults.empty()) << where << "parts are wrong";
      // Before a switch the sound lasts as long as the pictures: a lost
      // encoder sent its video ahead of its audio (0.3–0.7 s), and the hub
      // fills that with silence; a hole there stalls players.
      // (The capture ends with the encoder still sending: its last segment
      // ends no run.)
      const bool last_of_run = i + 1 < facts.size() && facts[i + 1].sizes.front() != size;
      const bool sound_runs_on = last_of_run && now + 1 < on_air_.size() &&
                                 on_air_[now + 1].same_source;
      if (sound_runs_on) {
        // The same source in a new format: its sound goes on in the next
        // segment, without a hole.
        const double next_audio = facts[i + 1].first_pts[1];
        EXPECT_NEAR(next_audio, f.last_pts[1] + 1024.0 / 48000, 0.005) << where << "the sound has a hole at the cut";
      } else if (last_of_run) {
        EXPECT_GE(f.last_pts[1], f.last_pts[0] - 0.03) << where << "the sound ends before the pictures";
        EXPECT_LE(f.last_pts[1], f.last_pts[0] + sound_past_pictures_s_) << where << "sound after the last picture";
      }
      // The slate is silent throughout; an encoder's tone loud throughout
      // (its first frames may be quieter: the encoder's priming, a decoder
      // starting cold) up to where its sound ended.
      if (slate) {
        EXPECT_EQ(f.loud, 0u) << where << "an encoder's sound in a slate segment";
      } else {
        EXPECT_LE(f.quiet_before, 3u) << where << "an encoder's segment starts quiet";
        if (!last_of_run) {
          EXPECT_EQ(f.quiet_after, 0u) << where << "the slate's silence in an encoder's segment";
          EXPECT_GT(f.loud, 0u) << where << "an encoder's segment without its sound";
        }
      }
      const bool changed = i > 0 && size != facts[i - 1].sizes.front();
      if (i > 0) {
        const Facts& before = facts[i - 1];
        // Where the source changes, and only there, a discontinuity.
        EXPECT_EQ(s.discontinuity, changed) << where << (changed ? "a new source without" : "a discontinuity without a new source");
        if (changed) ++now;
        // Time only moves forward on each track, across switches too.
        EXPECT_GT(f.first_pts[0], before.last_pts[0]) << where << "the video's time went backwards";
        EXPECT_GT(f.first_pts[1], before.last_pts[1]) << where << "the audio's time went backwards";
        // Date-times: consecutive within a source; after a switch no earlier
        // than the previous segment's end.
        const int64_t before_end = before.pdt_ms + static_cast<int64_t>(std::llround(before.segment->duration * 1000));
        EXPECT_GT(f.pdt_ms, 0) << where << s.program_date_time;
        if (changed) {
          EXPECT_GE(f.pdt_ms, before_end - 40) << where << "dated before the previous segment ended";
        } else {
          EXPECT_NEAR(static_cast<double>(f.pdt_ms), static_cast<double>(before_end), 40.0) << where << "date-times drift";
        }
      }
      if (i > 0 && !changed) continue;
      // What went on air here is what the test put on air next.
      if (now >= on_air_.size()) {
        ADD_FAILURE() << where << "more changes of source than the test made";
        break;
      }
      const OnAir& expected = on_air_[now];
      EXPECT_EQ(size, expected.size) << where << "not " << expected.what;
      if (slate) continue;
      // A new encoder run: its pictures are dated when they reached the
      // hub, after the encoder started...
      if (expected.encoder_started_ms > 0) {
        EXPECT_GE(f.pdt_ms, expected.encoder_started_ms) << where << "dated before " << expected.what;
      }
      // ...and every source no later than health showed it on air: the
      // room's timeline keeps to the clock. (It ran ahead by each lost
      // encoder's last burst — x264's lookahead, ~0.7 s — until the slate
      // learnt to wait: dated up to 1.26 s late by the third run.) The
      // slack is for a loaded machine: 221 ms seen once under CI.
      std::cerr << where << "dated " << f.pdt_ms - expected.shown_ms << " ms after health showed it on air\n";
      EXPECT_LE(f.pdt_ms, expected.shown_ms + 400) << where << "dated after health showed " << expected.what;
    }
    EXPECT_EQ(now + 1, on_air_.size()) << "not every change of source is in the output";
    return facts;
  }

  // A rendition cut from the room's output (a ladder rung, an
  // interpretation channel), served at /live/main-forum/<playlist>.
  struct Follower {
    std::string label;
    std::string playlist;
    bool video = true;
    int channels = 2;
    // How far its segments' times may be from the main rendition's: every
    // rendition's segments are timed from when their first picture shows
    // (a ladder rung without B-frames as the main rendition with them),
    // rounded to the millisecond.
    double slack_ms = 2;
  };
  std::vector<Follower> followers_;

  // A follower's segments are the main rendition's, cut at the same
  // frames: same numbers, discontinuities, lengths and date-times; each
  // decodes cleanly, starts where a decoder can, and carries the sound of
  // the source the main segment carries.
  void checkFollower(const Follower& follower, const std::vector<CapturedSegment>& segments,
                     const std::vector<Facts>& main) {
    std::map<uint64_t, const Facts*> by_number;
    for (const Facts& f : main) by_number[f.segment->msn] = &f;
    std::vector<Facts> facts;
    std::string table;
    for (const CapturedSegment& s : segments) {
      facts.push_back(factsOf(s, follower.video));
      table += describe(facts.back()) + "\n";
    }
    std::cerr << "[ " << follower.label << " ]\n" << table;
    SCOPED_TRACE(follower.label + ":\n" + table);
    std::size_t compared = 0;
    for (const Facts& f : facts) {
      const CapturedSegment& s = *f.segment;
      const auto same = by_number.find(s.msn);
      if (same == by_number.end()) continue;  // outside the main capture
      ++compared;
      const Facts& m = *same->second;
      const std::string where = follower.label + " segment " + std::to_string(s.msn) + ": ";
      ASSERT_FALSE(s.file.empty()) << where << "not fetched";
      EXPECT_EQ(s.discontinuity, m.segment->discontinuity) << where << "not cut where the main rendition is";
      EXPECT_NEAR(s.duration * 1000, m.segment->duration * 1000, follower.slack_ms)
          << where << "not as long as the main rendition's";
      EXPECT_NEAR(static_cast<double>(f.pdt_ms), static_cast<double>(m.pdt_ms), follower.slack_ms)
          << where << "dated otherwise";
      EXPECT_EQ(f.decode_errors, "") << where << "does not decode cleanly";
      EXPECT_TRUE(f.part_faults.empty()) << where << "parts are wrong";
      EXPECT_EQ(f.audio, std::make_pair(48000, follower.channels)) << where << "the audio changes shape";
      if (follower.video) {
        EXPECT_TRUE(f.starts_with_keyframe) << where << "does not start with a keyframe";
        EXPECT_EQ(f.sizes.size(), 1u) << where << "two picture formats";
        // Its sound is the main segment's source's: the slate is silent.
        if (m.sizes.front() == kSlateSize) {
          EXPECT_EQ(f.loud, 0u) << where << "an encoder's sound in a slate segment";
        } else if (m.loud > 0) {
          // Its sound is cut at its own pictures' decode times, which are
          // when they show, the main rendition's a B-frame delay (~80 ms)
          // before: the last segment of a lost encoder may hold only the
          // silence after. It must hold the tone where the main segment's
          // tone runs on for two frames past the rung's first sound.
          const double frame_s = 1024.0 / 48000;
          const double loud_until = m.first_pts[1] + (m.quiet_before + m.loud) * frame_s;
          if (loud_until > f.first_pts[1] + 2 * frame_s) {
            EXPECT_GT(f.loud, 0u) << where << "an encoder's segment without its sound";
          }
        }
      } else {
        EXPECT_TRUE(f.sizes.empty()) << where << "pictures in an audio rendition";
        EXPECT_GT(f.loud, 0u) << where << "the channel's sound is missing";
      }
    }
    // It covers the capture, but for its first moments (it starts at the
    // main rendition's next segment).
    EXPECT_GE(compared + 2, main.size()) << follower.label << " lacks segments the main rendition has";
  }
};

}  // namespace hallcast::test
