#pragma once
// What a source builder (one file per ingest protocol in feeds/) may do to
// the feed pipeline it is building: add elements, hand over a container or
// RTP stream to be parsed, or link streams it already encoded.

#include <gst/gst.h>

#include <string>

#include "feeds/feed_uri.h"
#include "room/standby_switch.h"

namespace hallcast {

class FeedGraph {
 public:
  virtual ~FeedGraph() = default;
  virtual GstBin* bin() = 0;
  // A parsebin in the pipeline: link a source's output to it; its elementary
  // streams become the feed's video and audio (transcoded when not H.264/AAC).
  // nullptr when the feed is being stopped.
  virtual GstElement* newParser() = 0;
  // Adds `src` and links it to a new parser.
  virtual void parse(GstElement* src) = 0;
  // `src` already outputs H.264 (video) or AAC (audio): it becomes the feed's track.
  virtual void linkEncoded(Track track, GstElement* src) = 0;
  // True for sources that are not live (files): the feed then paces itself
  // to the clock.
  virtual void setPaced(bool paced) = 0;
  // Any thread: the source knows its input is gone (an encoder hung up);
  // the feed ends now rather than after the data timeout.
  virtual void lost(const std::string& reason) = 0;
  // `src` has a "stats" property with the network link's figures (srtsrc):
  // health reports its packet loss and round-trip time.
  virtual void watchLink(GstElement* src) = 0;
};

// What the test source shows.
struct SyntheticOptions {
  std::string title;     // the room's title
  double tone_hz = 440;  // of its tone
};

// What a feed pipeline delivers.
enum class FeedOutput {
  // A hall feed: H.264 and AAC, each as sent when it is one.
  kAudioVideo,
  // An interpretation channel: audio only, always encoded again as
  // kVoiceEncoder makes it, so that every source of the channel and the
  // silence filling in for it share one format; video is dropped.
  kVoice,
};
// A room's sound on air is always AAC-LC at 48 kHz in stereo, whatever
// its source: a feed in another format (44.1 kHz, mono, HE-AAC, MP3, Opus…)
// is decoded and encoded to it, and the slate and test sources are made in
// it. So the audio never changes shape where the room switches sources —
// players (hls.js, Safari) handle a new AAC configuration poorly, even
// after a discontinuity. A feed already in it goes on air as it is.
inline constexpr int kOnAirSampleRate = 48000;
inline constexpr int kOnAirChannels = 2;
// Raw audio as it is encoded for air.
inline std::string onAirRawAudio() {
  return "audio/x-raw,rate=" + std::to_string(kOnAirSampleRate) + ",channels=" + std::to_string(kOnAirChannels);
}
// Raw audio in, the on-air format out.
inline std::string onAirAudioEncoder() {
  return "audioconvert ! audioresample ! " + onAirRawAudio() + " ! voaacenc bitrate=128000";
}

// Raw audio in, AAC-LC 48 kHz mono out (a voice needs no more).
inline constexpr const char* kVoiceEncoder =
    "audioconvert ! audioresample ! audio/x-raw,rate=48000,channels=1 ! voaacenc bitrate=64000";

// One per ingest protocol. The test source of a kVoice feed is its tone alone.
void buildTestSource(FeedGraph& graph, const SyntheticOptions& options, FeedOutput output);
void buildSrtSource(FeedGraph& graph, const FeedUri& uri);
void buildRtspSource(FeedGraph& graph, const FeedUri& uri);
void buildRtmpSource(FeedGraph& graph, const FeedUri& uri);
void buildFileSource(FeedGraph& graph, const FeedUri& uri);

}  // namespace hallcast
