#pragma once
// A source encoded once and then replayed in a loop in real time: the slate.
// Encoding a still picture again every frame for every room would cost a
// core; replaying a one-second loop costs next to nothing.
//
// Threads: everything on the media thread; samples go to the callback from
// there.

#include <gst/gst.h>
#include <glib.h>

#include <chrono>
#include <memory>
#include <vector>

#include "feeds/feed_pipeline.h"

namespace hallcast {

class LoopSource {
 public:
  // Encodes `description` (a gst-launch description that ends by itself,
  // with appsinks named "video" and "audio") into memory, after setting the
  // "text" of its element named "title" to `title`. Throws MediaError.
  LoopSource(const std::string& description, const std::string& title,
             FeedPipeline::BufferCallback on_sample, GMainContext* context);
  ~LoopSource();
  LoopSource(const LoopSource&) = delete;
  LoopSource& operator=(const LoopSource&) = delete;

  // Replays the loop in real time until stop(); start() after stop()
  // resumes at the loop's first keyframe, its times still increasing.
  void start();
  void stop();
  bool running() const { return timer_ != nullptr; }
  // Starts the loop over now, at its first keyframe: a room switching to
  // its slate need not wait up to a GOP for the next one.
  void rewind();

 private:
  struct Stored {
    Track track;
    GstBuffer* buffer;
    GstCaps* caps;
    int64_t pts;
    int64_t duration;
    bool keyframe;
  };
  static gboolean onTick(gpointer self);
  void emitDue();
  int64_t elapsedNs() const;

  FeedPipeline::BufferCallback on_sample_;
  GMainContext* context_;
  std::vector<Stored> samples_;  // in decode order, both tracks interleaved by time
  int64_t loop_ns_ = 0;
  GSource* timer_ = nullptr;
  std::chrono::steady_clock::time_point started_{};  // set by the first start()
  int64_t loop_start_ns_ = 0;  // since started_, of the current loop
  std::size_t next_ = 0;       // next sample of the current loop
};

// The slate of a room: its title and "We'll be right back", and silence.
std::unique_ptr<LoopSource> makeSlate(const std::string& room_title, FeedPipeline::BufferCallback on_sample,
                                      GMainContext* context);

// Silence in the format of an interpretation channel (FeedOutput::kVoice):
// what the channel carries while its booth's feed is missing.
std::unique_ptr<LoopSource> makeSilence(FeedPipeline::BufferCallback on_sample, GMainContext* context);

}  // namespace hallcast
