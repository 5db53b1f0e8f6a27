#pragma once
// Records what a room has on air to MP4 files, cut every so often, for
// publishing the sessions later: <dir>/<start unix time>-00000.mp4, … The
// files are fragmented MP4 (a fragment a second), so one cut short by a
// crash or a power cut still plays up to its last fragment.
//
// Threads: start()/stop() on the media thread; push() on streaming threads
// (the room serialises it).

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>

#include "room/standby_switch.h"

namespace hallcast {

class Recorder {
 public:
  Recorder(std::string room_id, std::filesystem::path dir, std::chrono::seconds file_duration);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void start();  // throws MediaError
  // Ends the streams, so that the open file is finished, then stops.
  void stop();

  // The same buffers as the HLS output (times on the output timeline); a ref
  // is taken.
  void push(Track track, GstBuffer* buffer, GstCaps* caps);

  uint64_t filesStarted() const { return files_; }

 private:
  static gchar* onFormatLocation(GstElement* splitmux, guint fragment_id, gpointer self);

  std::string room_id_;
  std::filesystem::path dir_;
  std::chrono::seconds file_duration_;
  GstElement* pipeline_ = nullptr;
  GstElement* sources_[2] = {nullptr, nullptr};
  std::mutex mutex_;
  GstCaps* caps_[2] = {nullptr, nullptr};
  std::string prefix_;  // start time of the recording, in unix seconds
  std::atomic<uint64_t> files_{0};
};

}  // namespace hallcast
