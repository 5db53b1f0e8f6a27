#include "room/standby_switch.h"

#include <gtest/gtest.h>

namespace hallcast {
namespace {

constexpr int64_t kMs = 1'000'000;

InputBuffer video(SourceKind s, int64_t t, bool key, uint32_t epoch = 0) {
  return {s, epoch, Track::kVideo, t, t, 40 * kMs, key};
}
InputBuffer audio(SourceKind s, int64_t t) { return {s, 0, Track::kAudio, t, t, 20 * kMs, true}; }

// A switch whose room chose the hall feed.
StandbySwitch liveSelected() {
  StandbySwitch sw;
  sw.select(SourceKind::kLive);
  return sw;
}

// `frames` pictures of the hall feed from 0 ms (a keyframe first), 25 a
// second, with their sound, 20 ms frames.
void sendLive(StandbySwitch& sw, int frames) {
  for (int i = 0; i < frames; ++i) {
    sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));
    sw.onBuffer(audio(SourceKind::kLive, i * 40 * kMs));
    sw.onBuffer(audio(SourceKind::kLive, i * 40 * kMs + 20 * kMs));
  }
}

TEST(StandbySwitch, PutsNothingOnAirBeforeTheRoomChooses) {
  StandbySwitch sw;
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 0, true)).forward);
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kSlate, 0, true)).forward);
  EXPECT_FALSE(sw.active());
}

TEST(StandbySwitch, StartsOnTheFirstLiveKeyframeAtTimeZero) {
  StandbySwitch sw = liveSelected();
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 5000 * kMs, false)).forward);
  EXPECT_FALSE(sw.onBuffer(audio(SourceKind::kLive, 5000 * kMs)).forward);
  auto first = sw.onBuffer(video(SourceKind::kLive, 5040 * kMs, true));
  ASSERT_TRUE(first.forward);
  EXPECT_EQ(first.pts, 0);
  EXPECT_TRUE(first.discontinuity);
  auto next = sw.onBuffer(video(SourceKind::kLive, 5080 * kMs, false));
  EXPECT_EQ(next.pts, 40 * kMs);
  EXPECT_FALSE(next.discontinuity);
  EXPECT_EQ(sw.active(), SourceKind::kLive);
}

TEST(StandbySwitch, SwitchesAtTheNewSourcesKeyframeAndKeepsTimeGoingForward) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 0, true));
  sw.onBuffer(video(SourceKind::kLive, 40 * kMs, false));  // output ends at 80 ms
  sw.select(SourceKind::kSlate);
  EXPECT_EQ(sw.pending(), SourceKind::kSlate);
  // The live feed still trickles in until the switch: it stays on air.
  EXPECT_TRUE(sw.onBuffer(video(SourceKind::kLive, 80 * kMs, false)).forward);
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kSlate, 999 * kMs, false)).forward);
  auto key = sw.onBuffer(video(SourceKind::kSlate, 1000 * kMs, true));
  ASSERT_TRUE(key.forward);
  EXPECT_TRUE(key.discontinuity);
  EXPECT_EQ(key.pts, 120 * kMs);  // right after the last live frame
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 120 * kMs, false)).forward) << "off air now";
  EXPECT_EQ(sw.onBuffer(audio(SourceKind::kSlate, 1010 * kMs)).pts, 130 * kMs);
  EXPECT_EQ(sw.switches(), 1u);
}

TEST(StandbySwitch, DropsAudioThatWouldGoBackInTime) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 0, true));
  sw.onBuffer(audio(SourceKind::kLive, 0));
  sw.onBuffer(audio(SourceKind::kLive, 20 * kMs));
  sw.select(SourceKind::kSlate);
  sw.onBuffer(video(SourceKind::kSlate, 500 * kMs, true));  // placed at 40 ms
  EXPECT_FALSE(sw.onBuffer(audio(SourceKind::kSlate, 470 * kMs)).forward);  // would be 10 ms
  EXPECT_TRUE(sw.onBuffer(audio(SourceKind::kSlate, 510 * kMs)).forward);
}

TEST(StandbySwitch, RetimesASourceThatRestartedItsClock) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 10'000 * kMs, true));
  sw.onBuffer(video(SourceKind::kLive, 10'040 * kMs, false));
  // The feed reconnected: epoch 1, timestamps from zero again.
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 0, false, 1)).forward);
  auto key = sw.onBuffer(video(SourceKind::kLive, 40 * kMs, true, 1));
  ASSERT_TRUE(key.forward);
  EXPECT_TRUE(key.discontinuity);
  EXPECT_EQ(key.pts, 80 * kMs);
  EXPECT_EQ(sw.switches(), 0u) << "same source";
}

TEST(StandbySwitch, SelectingTheActiveSourceCancelsAPendingSwitch) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 0, true));
  sw.select(SourceKind::kSlate);
  sw.select(SourceKind::kLive);
  EXPECT_FALSE(sw.pending());
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kSlate, 0, true)).forward);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

TEST(StandbySwitch, ASwitchNeverPlacesTheNewSourceBeforeTheOutputsNow) {
  StandbySwitch sw = liveSelected();
  int64_t output_now = 0;
  sw.setOutputClock([&output_now] { return output_now; });
  sw.onBuffer(video(SourceKind::kLive, 0, true));  // output ends at 40 ms
  sw.select(SourceKind::kSlate);
  // The live feed stalled for 3 s before the slate took over.
  output_now = 3000 * kMs;
  auto key = sw.onBuffer(video(SourceKind::kSlate, 7000 * kMs, true));
  EXPECT_EQ(key.pts, 3000 * kMs);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

TEST(StandbySwitch, RetimesAtTheNextKeyframeWhenTheSourcesClockJumps) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 60'000 * kMs, true));
  sw.onBuffer(video(SourceKind::kLive, 60'040 * kMs, false));  // output ends at 80 ms
  // The encoder reconnected over the same connection: its clock starts over.
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 0, false)).forward);
  EXPECT_FALSE(sw.onBuffer(audio(SourceKind::kLive, 10 * kMs)).forward);
  auto key = sw.onBuffer(video(SourceKind::kLive, 40 * kMs, true));
  ASSERT_TRUE(key.forward);
  EXPECT_TRUE(key.discontinuity);
  EXPECT_EQ(key.pts, 80 * kMs);
  // Ordinary jitter is not a jump.
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 60 * kMs, false)).discontinuity);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

TEST(StandbySwitch, FillsSilenceUnderASourceWithoutAudio) {
  StandbySwitch sw = liveSelected();
  EXPECT_FALSE(sw.onFillerAudio(20 * kMs).forward) << "nothing on air yet";
  for (int i = 0; i < 10; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));  // video to 400 ms
  EXPECT_FALSE(sw.onFillerAudio(20 * kMs).forward) << "within the lag";
  for (int i = 10; i < 30; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, false));  // to 1200 ms
  auto first = sw.onFillerAudio(20 * kMs);
  ASSERT_TRUE(first.forward);
  EXPECT_EQ(first.pts, 700 * kMs);  // 1200 - 500
  EXPECT_FALSE(sw.onFillerAudio(20 * kMs).forward) << "paced by the video";
  sw.onBuffer(video(SourceKind::kLive, 1200 * kMs, false));  // video to 1240 ms
  EXPECT_EQ(sw.onFillerAudio(20 * kMs).pts, 720 * kMs);  // back to back
  // The source's own audio, when it comes, is not held back by the filler.
  EXPECT_TRUE(sw.onBuffer(audio(SourceKind::kLive, 1200 * kMs)).forward);
  EXPECT_FALSE(sw.onFillerAudio(20 * kMs).forward);
}

TEST(StandbySwitch, NeedsNoFillerUnderTheSlateOrASourceWithAudio) {
  StandbySwitch sw = liveSelected();
  sw.select(SourceKind::kSlate);
  for (int i = 0; i < 40; ++i) sw.onBuffer(video(SourceKind::kSlate, i * 40 * kMs, i == 0));
  EXPECT_FALSE(sw.onFillerAudio(20 * kMs).forward);
  StandbySwitch with_audio = liveSelected();
  for (int i = 0; i < 40; ++i) {
    with_audio.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));
    with_audio.onBuffer(audio(SourceKind::kLive, i * 40 * kMs));
  }
  EXPECT_FALSE(with_audio.onFillerAudio(20 * kMs).forward);
}

TEST(StandbySwitch, GivesABufferWithoutDtsItsPts) {
  // The slate brings DTS, an RTSP camera does not: the output has one on
  // every buffer, placed after the slate's.
  StandbySwitch sw = liveSelected();
  sw.select(SourceKind::kSlate);
  for (int i = 0; i < 10; ++i) sw.onBuffer(video(SourceKind::kSlate, i * 40 * kMs, i == 0));
  sw.select(SourceKind::kLive);
  InputBuffer camera = video(SourceKind::kLive, 7000 * kMs, true);
  camera.dts = kNoTime;
  const auto first = sw.onBuffer(camera);
  ASSERT_TRUE(first.forward);
  EXPECT_EQ(first.dts, first.pts);
  EXPECT_EQ(first.pts, 400 * kMs);
}

TEST(StandbySwitch, CountsBuffersDroppedForGoingBackwardsButNotAtASwitch) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 0, true));
  sw.onBuffer(audio(SourceKind::kLive, -100 * kMs));  // before the keyframe: by design
  EXPECT_EQ(sw.dropped(), 0u);
  for (int i = 1; i < 50; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, false));  // to 2 s
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kLive, 1900 * kMs, false)).forward);  // a glitch
  EXPECT_EQ(sw.dropped(), 1u);
}

TEST(StandbySwitch, ReportsHowFarTheAudioLagsTheVideo) {
  StandbySwitch sw = liveSelected();
  EXPECT_EQ(sw.audioLag(), kNoTime);
  for (int i = 0; i < 10; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));  // to 400 ms
  EXPECT_EQ(sw.audioLag(), 400 * kMs) << "no audio at all";
  sw.onBuffer(audio(SourceKind::kLive, 0));
  sw.onBuffer(audio(SourceKind::kLive, 20 * kMs));  // to 40 ms
  EXPECT_EQ(sw.audioLag(), 360 * kMs);
}

}  // namespace
}  // namespace hallcast

namespace hallcast {
namespace {

TEST(StandbySwitch, ANewSourcesAudioStartsWithItsFirstPicture) {
  // An encoder with B-frames: its keyframe decodes 80 ms before it shows.
  // Audio from before that picture would be cut into the previous source's
  // segment.
  StandbySwitch sw = liveSelected();
  sw.select(SourceKind::kSlate);
  for (int i = 0; i < 10; ++i) sw.onBuffer(video(SourceKind::kSlate, i * 40 * kMs, i == 0));  // to 400 ms
  sw.onBuffer(audio(SourceKind::kSlate, 380 * kMs));
  sw.select(SourceKind::kLive);
  InputBuffer key = video(SourceKind::kLive, 5080 * kMs, true);
  key.dts = 5000 * kMs;
  const auto first = sw.onBuffer(key);
  ASSERT_TRUE(first.forward);
  EXPECT_EQ(first.dts, 400 * kMs);
  EXPECT_EQ(first.pts, 480 * kMs);
  EXPECT_FALSE(sw.onBuffer(audio(SourceKind::kLive, 4990 * kMs)).forward) << "before the keyframe";
  EXPECT_FALSE(sw.onBuffer(audio(SourceKind::kLive, 5050 * kMs)).forward) << "before its picture";
  const auto sound = sw.onBuffer(audio(SourceKind::kLive, 5080 * kMs));
  ASSERT_TRUE(sound.forward);
  EXPECT_EQ(sound.pts, 480 * kMs);
  EXPECT_EQ(sw.dropped(), 0u) << "by design, not a glitch";
}

TEST(StandbySwitch, TheSlateWaitsForTheClockWhenALostEncodersLastBurstRanAhead) {
  // An encoder placed at 0 ms sends a second of pictures, the last 700 ms
  // of them at once when it stops (x264's lookahead): at 300 ms on the
  // clock its pictures end at 1000 ms.
  int64_t clock = 0;
  StandbySwitch sw = liveSelected();
  sw.setOutputClock([&clock] { return clock; });
  for (int i = 0; i < 25; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));
  sw.onBuffer(audio(SourceKind::kLive, 980 * kMs));
  clock = 300 * kMs;
  sw.select(SourceKind::kSlate);
  EXPECT_TRUE(sw.holdingSlate());
  EXPECT_FALSE(sw.onBuffer(video(SourceKind::kSlate, 50 * kMs, true)).forward) << "700 ms ahead of the clock";
  EXPECT_EQ(sw.active(), SourceKind::kLive);
  clock = 850 * kMs;
  EXPECT_TRUE(sw.holdingSlate()) << "still 150 ms ahead";
  clock = 920 * kMs;
  EXPECT_FALSE(sw.holdingSlate()) << "80 ms ahead: close enough";
  const auto first = sw.onBuffer(video(SourceKind::kSlate, 670 * kMs, true));
  ASSERT_TRUE(first.forward);
  EXPECT_TRUE(first.discontinuity);
  EXPECT_EQ(first.pts, 1000 * kMs) << "after the encoder's last picture";
  EXPECT_EQ(sw.active(), SourceKind::kSlate);
  // The timeline keeps to the clock from there on.
  clock = 1920 * kMs;
  EXPECT_EQ(sw.onBuffer(video(SourceKind::kSlate, 1670 * kMs, false)).pts, 2000 * kMs);
}

TEST(StandbySwitch, TheSlateWaitsNoLongerThanTheLeadForASourceThatStillSends) {
  // A technician forces the standby while the encoder sends on, its
  // pictures 150 ms ahead of the clock (B-frames, the encoder's latency):
  // the lead stays; the slate waits 150 ms, then goes on air.
  int64_t clock = 0;
  StandbySwitch sw = liveSelected();
  sw.setOutputClock([&clock] { return clock; });
  int64_t t = 0;
  const auto sendUpTo = [&](int64_t until) {
    for (; t < until; t += 40 * kMs) {
      clock = t - 110 * kMs;
      EXPECT_TRUE(sw.onBuffer(video(SourceKind::kLive, t, t == 0)).forward);
    }
  };
  sendUpTo(2000 * kMs);
  sw.select(SourceKind::kSlate);
  EXPECT_TRUE(sw.holdingSlate());
  sendUpTo(2120 * kMs);
  EXPECT_TRUE(sw.holdingSlate()) << "within the lead it had";
  sendUpTo(2200 * kMs);
  EXPECT_FALSE(sw.holdingSlate()) << "it keeps its lead: waiting longer brings nothing";
  const auto first = sw.onBuffer(video(SourceKind::kSlate, 50 * kMs, true));
  ASSERT_TRUE(first.forward);
  EXPECT_EQ(first.pts, 2200 * kMs) << "after the encoder's last picture";
}

TEST(StandbySwitch, ALeadPastTheLongestHoldIsTakenAsItIs) {
  int64_t clock = 0;
  StandbySwitch sw = liveSelected();
  sw.setOutputClock([&clock] { return clock; });
  for (int i = 0; i < 125; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));  // to 5 s
  sw.select(SourceKind::kSlate);
  EXPECT_FALSE(sw.holdingSlate()) << "5 s ahead: something else is wrong; the slate goes on air";
  const auto first = sw.onBuffer(video(SourceKind::kSlate, 0, true));
  ASSERT_TRUE(first.forward);
  EXPECT_EQ(first.pts, 5000 * kMs);
}

TEST(StandbySwitch, ANewPictureFormatWithinASourceStartsASegmentOnTheSameTimeline) {
  // A technician changes the hall encoder's resolution while it sends.
  StandbySwitch sw = liveSelected();
  for (int i = 0; i < 10; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));
  InputBuffer late = video(SourceKind::kLive, 400 * kMs, false);
  late.format = 1;
  EXPECT_FALSE(sw.onBuffer(late).forward) << "a new format starts at a keyframe";
  InputBuffer key = video(SourceKind::kLive, 440 * kMs, true);
  key.format = 1;
  const auto out = sw.onBuffer(key);
  ASSERT_TRUE(out.forward);
  EXPECT_TRUE(out.discontinuity);
  EXPECT_EQ(out.pts, 440 * kMs) << "not re-timed";
  InputBuffer next = video(SourceKind::kLive, 480 * kMs, false);
  next.format = 1;
  EXPECT_FALSE(sw.onBuffer(next).discontinuity);
  EXPECT_EQ(sw.switches(), 0u) << "the same source";
}

TEST(StandbySwitch, ANewPictureFormatWithinASourceKeepsItsSound) {
  // The encoder's sound runs on through the change, also what plays before
  // the new format's first picture shows (its keyframe, with B-frames after
  // it, shows 80 ms after it decodes): dropping that left a hole there.
  StandbySwitch sw = liveSelected();
  sendLive(sw, 10);
  InputBuffer key = video(SourceKind::kLive, 400 * kMs, true);
  key.pts = 480 * kMs;
  key.format = 1;
  const auto out = sw.onBuffer(key);
  ASSERT_TRUE(out.discontinuity);
  EXPECT_EQ(out.silence_from, kNoTime) << "nothing to fill: the sound goes on";
  for (int64_t t = 400; t < 500; t += 20) {
    const auto a = sw.onBuffer(audio(SourceKind::kLive, t * kMs));
    EXPECT_TRUE(a.forward) << t;
    EXPECT_EQ(a.pts, t * kMs);
  }
}

TEST(StandbySwitch, FillsSilenceUnderALostSourcesLastPicturesAtASwitch) {
  // An encoder lost mid-stream: its sound stopped 300 ms before its pictures.
  StandbySwitch sw = liveSelected();
  for (int i = 0; i < 25; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, i == 0));  // to 1000 ms
  for (int i = 0; i < 35; ++i) sw.onBuffer(audio(SourceKind::kLive, i * 20 * kMs));           // to 700 ms
  sw.select(SourceKind::kSlate);
  const auto key = sw.onBuffer(video(SourceKind::kSlate, 5000 * kMs, true));
  ASSERT_TRUE(key.discontinuity);
  EXPECT_EQ(key.silence_from, 700 * kMs);
  EXPECT_EQ(key.silence_until, 1000 * kMs);
  EXPECT_GE(key.pts, 1000 * kMs) << "the new source after the silence";
  EXPECT_EQ(sw.audioLag(), 40 * kMs) << "the silence counts as the output's audio: the slate's first frame";
  const auto sound = sw.onBuffer(audio(SourceKind::kSlate, 5000 * kMs));
  ASSERT_TRUE(sound.forward);
  EXPECT_EQ(sound.pts, key.pts);
  EXPECT_EQ(sound.silence_from, kNoTime);
}

TEST(StandbySwitch, FillsNoSilenceWhenTheOldSourcesSoundKeptUpOrNeverWas) {
  StandbySwitch sw = liveSelected();
  sendLive(sw, 25);
  sw.select(SourceKind::kSlate);
  EXPECT_EQ(sw.onBuffer(video(SourceKind::kSlate, 0, true)).silence_from, kNoTime);
  // A first source has no predecessor; a source without sound has its
  // filler from the slate instead (FillsSilenceUnderASourceWithoutAudio).
  StandbySwitch first = liveSelected();
  EXPECT_EQ(first.onBuffer(video(SourceKind::kLive, 0, true)).silence_from, kNoTime);
  for (int i = 1; i < 25; ++i) first.onBuffer(video(SourceKind::kLive, i * 40 * kMs, false));
  first.select(SourceKind::kSlate);
  EXPECT_EQ(first.onBuffer(video(SourceKind::kSlate, 0, true)).silence_from, kNoTime);
}

TEST(StandbySwitch, FillsAtMostTwoSecondsOfSilenceAtASwitch) {
  StandbySwitch sw = liveSelected();
  sw.onBuffer(video(SourceKind::kLive, 0, true));
  sw.onBuffer(audio(SourceKind::kLive, 0));
  for (int i = 1; i < 125; ++i) sw.onBuffer(video(SourceKind::kLive, i * 40 * kMs, false));  // to 5000 ms
  sw.select(SourceKind::kBackup);
  const auto key = sw.onBuffer(video(SourceKind::kBackup, 0, true));
  EXPECT_EQ(key.silence_from, 3000 * kMs);
  EXPECT_EQ(key.silence_until, 5000 * kMs);
}

}  // namespace
}  // namespace hallcast
