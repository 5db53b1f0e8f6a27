#pragma once
// One source of a room — its hall feed, backup or slate — as a GStreamer
// pipeline of its own that ends in H.264 and AAC elementary streams handed
// to a callback. A pipeline per source means a failing feed can be torn
// down and restarted without touching the room's output.
//
// Threads: start(), stop() and onBusMessage() run on the media thread; the
// buffer callback runs on GStreamer's streaming threads.

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "feeds/feed_graph.h"
#include "feeds/encoded_sample.h"
#include "feeds/feed_uri.h"
#include "feeds/held_picture.h"
#include "feeds/whip_source.h"
#include "gst/gst_util.h"
#include "room/standby_switch.h"

namespace hallcast {

// What a feed is delivering, as measured on its elementary streams.
struct FeedStats {
  std::string video_codec;  // from the input, e.g. "h264", "mpeg2video"
  std::string audio_codec;
  bool video_transcoded = false;
  bool audio_transcoded = false;
  int width = 0;
  int height = 0;
  uint64_t bytes = 0;          // encoded bytes in, both tracks
  uint64_t video_frames = 0;
  uint64_t audio_buffers = 0;
  uint64_t keyframes = 0;
  int64_t keyframe_interval_ns = -1;  // between the last two keyframes
  // Audio levels per channel over the last half second, in dBFS (the
  // `level` element on the decoded audio); empty before any audio.
  std::vector<double> audio_peak_dbfs;
  std::vector<double> audio_rms_dbfs;
  // Running time of the last level report louder than kSilenceDbfs, and of
  // the last report at all (-1: none).
  int64_t last_loud_ns = -1;
  int64_t last_level_ns = -1;
  // Of the network link, for sources that report it (SRT); -1: unknown.
  int64_t link_packets_lost = -1;
  double link_rtt_ms = -1;
};

// Quieter than this on every channel counts as silence.
inline constexpr double kSilenceDbfs = -50.0;

// The reason a feed's EndCallback gets when its source ended normally.
inline constexpr const char* kEndOfStream = "end of stream";


class FeedPipeline : private FeedGraph {
 public:
  // Streaming threads: one sample.
  using BufferCallback = std::function<void(const EncodedSample& sample)>;
  // Media thread: the pipeline failed or ended (the owner decides on restarts).
  using EndCallback = std::function<void(const std::string& reason)>;

  FeedPipeline(std::string name, FeedUri uri, SyntheticOptions synthetic, BufferCallback on_buffer,
               EndCallback on_end, GMainContext* context, FeedOutput output = FeedOutput::kAudioVideo);
  ~FeedPipeline() override;
  FeedPipeline(const FeedPipeline&) = delete;
  FeedPipeline& operator=(const FeedPipeline&) = delete;

  // Builds and plays a new pipeline (epoch + 1); false (with lastError()) on failure.
  bool start();
  void stop();
  bool running() const { return pipeline_ != nullptr; }

  const FeedUri& uri() const { return uri_; }
  // whip:// feeds, while running: where a publisher's offer goes (media
  // thread); null otherwise.
  WhipReceiver* whip() { return whip_.get(); }
  FeedStats stats() const;  // media thread (it reads the link's figures)
  uint32_t epoch() const { return epoch_; }

 private:
  // FeedGraph, used by the source builders while start() builds the pipeline.
  GstBin* bin() override { return GST_BIN(pipeline_); }
  GstElement* newParser() override;
  void parse(GstElement* src) override;
  void linkEncoded(Track track, GstElement* src) override;
  void setPaced(bool paced) override { paced_ = paced; }
  void lost(const std::string& reason) override;
  void watchLink(GstElement* src) override { link_ = src; }

  void buildSource();
  void onElementaryPad(GstPad* pad);
  void linkElementary(GstPad* pad, GstCaps* caps);
  GstElement* outputFor(Track track, const GstCaps* decode, const std::string& codec);
  void onSample(Track track, GstSample* sample);
  void onLevel(const GstStructure* level);
  static gboolean onBus(GstBus* bus, GstMessage* message, gpointer self);
  static GstFlowReturn onNewSample(GstAppSink* sink, gpointer data);
  static void onParserPad(GstElement* parser, GstPad* pad, gpointer self);

  std::string name_;
  FeedUri uri_;
  SyntheticOptions synthetic_;
  FeedOutput output_;
  BufferCallback on_buffer_;
  EndCallback on_end_;
  GMainContext* context_;

  GstElement* pipeline_ = nullptr;
  GSource* bus_watch_ = nullptr;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for callbacks that outlive it
  uint32_t epoch_ = 0;  // written on the media thread before the pipeline plays
  bool paced_ = false;
  GstElement* link_ = nullptr;  // owned by the pipeline; media thread only
  std::unique_ptr<WhipReceiver> whip_;  // whip:// while running; media thread only

  // Streaming threads add elements as streams appear; stop() must not tear
  // the pipeline down in the middle of that.
  std::mutex graph_mutex_;
  bool stopping_ = false;  // guarded by graph_mutex_

  mutable std::mutex mutex_;  // guards what the streaming threads touch
  bool has_track_[2] = {false, false};
  FeedStats stats_;
  int64_t last_keyframe_pts_ = -1;
  // The video's format (pictureFormat()) and how often it changed this epoch.
  GstCaps* video_caps_ = nullptr;
  GstCaps* audio_caps_ = nullptr;  // to see a passed-through format change
  std::string picture_format_;
  uint32_t format_ = 0;
  // A live MPEG-TS feed: a picture's PES packet ends only when the next
  // begins, so the last one a lost encoder sent may be cut short.
  std::atomic<bool> hold_pictures_{false};
  HeldPicture held_picture_;  // the video appsink's thread
};

}  // namespace hallcast
