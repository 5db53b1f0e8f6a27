#pragma once
// Records what a room has on air to MP4 files, for publishing the sessions
// later: <dir>/<start unix time>-00000.mp4, … A file ends every so often
// and at every switch of source: an MP4 holds one picture format per track
// (a muxer cannot take a new one mid-file, and one reused after a switch
// keeps the old one: the new source's pictures would not decode), and a
// file of one source is what an editor wants. Each source's run is a
// pipeline of its own; the one before it is finished off the streaming
// thread. The files are fragmented MP4 (a fragment a second), so one cut
// short by a crash or a power cut still plays up to its last fragment.
//
// Threads: start()/stop() on the media thread; push() and split() on
// streaming threads (the room serialises them).

#include <gst/gst.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "room/standby_switch.h"

namespace hallcast {

class Recorder {
 public:
  Recorder(std::string room_id, std::filesystem::path dir, std::chrono::seconds file_duration);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void start();  // throws MediaError
  // Ends the streams, so that the open files are finished, then stops.
  void stop();

  // The same buffers as the HLS output (times on the output timeline); a ref
  // is taken.
  void push(Track track, GstBuffer* buffer, GstCaps* caps);

  // A switch (see StandbySwitch): the next picture pushed starts a new file;
  // what comes before it (the old source's last sound) ends the old one.
  void split();

  uint64_t filesStarted() const { return files_; }

 private:
  // One source's run: appsrcs → parsers → splitmuxsink (files by duration).
  struct Run {
    GstElement* pipeline = nullptr;
    GstElement* sources[2] = {nullptr, nullptr};
    GstCaps* caps[2] = {nullptr, nullptr};
    bool pushed = false;  // a file exists only once something is pushed
  };
  Run openRun();  // throws MediaError
  // Sends the run's end through it and lets it go, on a thread of its own.
  void finishLater(Run run);
  static void finish(Run run);
  static gchar* onFormatLocation(GstElement* splitmux, guint fragment_id, gpointer self);

  std::string room_id_;
  std::filesystem::path dir_;
  std::chrono::seconds file_duration_;
  std::string prefix_;  // start time of the recording, in unix seconds
  std::mutex mutex_;
  Run run_;                   // the source on air now
  bool split_pending_ = false;  // the next picture starts a new run
  std::vector<std::future<void>> finishing_;  // runs being finished
  std::atomic<uint64_t> files_{0};
};

}  // namespace hallcast
