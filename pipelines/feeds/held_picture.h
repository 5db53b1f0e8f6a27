#pragma once
// A live MPEG-TS feed's newest picture, held back until the next one
// arrives. A video PES packet carries no length: it ends where the next
// begins. A hall encoder lost mid-picture (a cable pulled, a process
// killed) leaves its last one cut short, and the demuxer hands that on
// when the stream ends: a player's decoder fails on it ("error while
// decoding MB"), and a browser may give up on the stream. Held back, a
// picture goes on only once the next has begun, so that it is whole; the
// one held when the feed ends is dropped. It costs a frame of latency.
// (RTP and FLV deliver whole pictures or none.)
//
// Threads: the video appsink's streaming thread, and the owner's once that
// thread has stopped (clear()).

#include <gst/gst.h>

#include <utility>

#include "feeds/encoded_sample.h"

namespace hallcast {

class HeldPicture {
 public:
  HeldPicture() = default;
  ~HeldPicture() { clear(); }
  HeldPicture(const HeldPicture&) = delete;
  HeldPicture& operator=(const HeldPicture&) = delete;

  // Holds `picture` (whose buffer and caps `sample` owns) and hands the one
  // held before, if any, to `send`.
  template <typename Send>
  void pass(GstSample* sample, const EncodedSample& picture, Send&& send) {
    GstSample* before = std::exchange(sample_, gst_sample_ref(sample));
    const EncodedSample held = std::exchange(picture_, picture);
    if (before) {
      send(held);
      gst_sample_unref(before);
    }
  }

  // Drops what is held (the feed ended).
  void clear() {
    if (sample_) gst_sample_unref(std::exchange(sample_, nullptr));
  }

 private:
  GstSample* sample_ = nullptr;
  EncodedSample picture_;
};

}  // namespace hallcast
