#pragma once
// One rung of a room's optional ladder: what the room has on air, decoded,
// scaled to a smaller height and encoded again (x264), packaged by an
// HlsOutput of its own in <room dir>/<height>p/ with the room's audio as it
// is. Its keyframes are forced at exactly the times of the on-air source's
// keyframes, so its segments are cut at the same times as the main output's
// and discontinuities land on keyframes.
//
// Threads: start()/stop() on the media thread; push() and splitAt() on
// streaming threads (the room serialises them); the encoded pictures come
// back on the rendition's own streaming thread.

#include <gst/gst.h>

#include <deque>
#include <filesystem>
#include <mutex>
#include <string>

#include "room/hls_output.h"
#include "room/hls_playlist.h"

namespace hallcast {

class Rendition {
 public:
  // `main`: the room's output, whose clock dates this one's segments.
  Rendition(const std::string& room_id, LadderRendition spec, const std::filesystem::path& room_dir,
            HlsTiming timing, GMainContext* context, const HlsOutput* main, PlaylistCallback on_playlist);
  ~Rendition();
  Rendition(const Rendition&) = delete;
  Rendition& operator=(const Rendition&) = delete;

  // After the room's output started (it clears the room's directory).
  void start();  // throws MediaError
  void stop();

  // The same buffers as the room's output (a ref is taken): video is
  // re-encoded, audio goes to this rendition's output as it is.
  void push(Track track, GstBuffer* buffer, GstCaps* caps, bool keyframe);
  // As HlsOutput::splitAt, at the keyframe's presentation time.
  void splitAt(int64_t running_time) { output_.splitAt(running_time); }

  // Its playlist, relative to the room's directory ("360p/index.m3u8").
  std::string uri() const { return name_ + "/index.m3u8"; }
  const LadderRendition& spec() const { return spec_; }
  // What the master playlist says of it; width and codec are 0 and empty
  // until its first picture is encoded.
  HlsVariant variant() const;
  const HlsOutput& output() const { return output_; }
  void shareReports(RenditionReports* reports) { output_.shareReports(reports); }

 private:
  static GstPadProbeReturn onEncoderInput(GstPad* pad, GstPadProbeInfo* info, gpointer self);
  static GstFlowReturn onEncoded(GstElement* sink, gpointer self);

  std::string room_id_;
  LadderRendition spec_;
  std::string name_;  // "360p"
  HlsOutput output_;

  GstElement* pipeline_ = nullptr;
  GstElement* source_ = nullptr;
  GstElement* size_ = nullptr;  // capsfilter: the scaled size

  mutable std::mutex mutex_;  // guards the fields below
  GstCaps* caps_ = nullptr;   // of the on-air video
  std::deque<int64_t> keyframes_;  // PTS of source keyframes not encoded yet
  uint32_t width_ = 0;
  std::string codec_;
};

}  // namespace hallcast
