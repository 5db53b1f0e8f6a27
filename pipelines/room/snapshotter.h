#pragma once
// A JPEG thumbnail of what a room has on air, refreshed every few seconds,
// for the program and the technicians' monitor wall. Only keyframes are
// decoded (they stand alone), so a snapshot of a 1080p feed costs one
// decode every few seconds, not thirty a second.
//
// Threads: start()/stop() on the media thread; offer() on streaming threads
// (the room serialises it); the JPEG is written by the snapshot pipeline's
// own thread.

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <filesystem>
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

 private:
  static GstFlowReturn onJpeg(GstElement* sink, gpointer self);

  std::string room_id_;
  std::filesystem::path file_;
  std::chrono::milliseconds interval_;
  GstElement* pipeline_ = nullptr;
  GstElement* source_ = nullptr;
  GstCaps* caps_ = nullptr;
  std::chrono::steady_clock::time_point last_{};
  std::atomic<uint64_t> written_{0};
};

}  // namespace hallcast
