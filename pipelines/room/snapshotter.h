#pragma once
// Looks at what a room has on air: a JPEG thumbnail, refreshed every
// interval, for the program and the technicians' monitor wall, and the
// picture's brightness, to tell a black picture (a lens cap, a mixer on a
// black bus) from a dark one. Only keyframes are decoded (they stand alone),
// so a 1080p feed costs one decode per interval, not thirty a second.
//
// Threads: start()/stop() on the media thread; offer() on streaming threads
// (the room serialises it); the JPEG is written and the analysis read by the
// snapshot pipeline's own thread.

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace hallcast {

class Snapshotter {
 public:
  Snapshotter(std::string room_id, std::filesystem::path file, std::chrono::milliseconds interval);
  ~Snapshotter();
  Snapshotter(const Snapshotter&) = delete;
  Snapshotter& operator=(const Snapshotter&) = delete;

  void start();  // throws MediaError
  void stop();

  // An H.264 video buffer on air; decoded when it is a keyframe and the last
  // snapshot is older than the interval.
  void offer(GstBuffer* buffer, GstCaps* caps, bool keyframe);

  uint64_t written() const { return written_; }

  struct Picture {
    double luma = -1;           // mean luma of the last analysed picture, 0..1
    double luma_variance = -1;
    // Since when every analysed picture has been black (nullopt: the last
    // one was not).
    std::optional<std::chrono::steady_clock::time_point> black_since;
  };
  Picture picture() const;

  // Black: darker than video black plus a margin, and nearly uniform (a
  // title on black, like the slate, is not black).
  static bool isBlack(double luma, double variance) { return luma < 0.10 && variance < 0.001; }

 private:
  static GstFlowReturn onJpeg(GstElement* sink, gpointer self);
  static GstBusSyncReply onMessage(GstBus* bus, GstMessage* message, gpointer self);

  std::string room_id_;
  std::filesystem::path file_;
  std::chrono::milliseconds interval_;
  GstElement* pipeline_ = nullptr;
  GstElement* source_ = nullptr;
  GstCaps* caps_ = nullptr;
  std::chrono::steady_clock::time_point last_{};
  std::atomic<uint64_t> written_{0};
  mutable std::mutex mutex_;
  Picture picture_;  // guarded by mutex_
};

}  // namespace hallcast
