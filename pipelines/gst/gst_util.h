#pragma once
// Small helpers over the GStreamer C API: initialisation, element creation
// that names a missing plugin, owning pointers.

#include <gst/gst.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace hallcast {

struct MediaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// gst_init once per process.
void ensureGstInitialized();

// A new element of `factory`; throws MediaError naming the factory (and so the
// missing plugin package) when it does not exist.
GstElement* makeElement(const char* factory, const char* name = nullptr);

struct GstObjectUnref {
  void operator()(gpointer object) const {
    if (object) gst_object_unref(object);
  }
};
template <typename T>
using GstOwned = std::unique_ptr<T, GstObjectUnref>;

struct GstCapsUnref {
  void operator()(GstCaps* caps) const {
    if (caps) gst_caps_unref(caps);
  }
};
using CapsOwned = std::unique_ptr<GstCaps, GstCapsUnref>;

// Adds each element to `bin` and links them in order; throws on failure.
void addAndLink(GstBin* bin, std::initializer_list<GstElement*> chain);

// Nanoseconds of a GstClockTime, or -1 for GST_CLOCK_TIME_NONE.
inline int64_t toNs(GstClockTime t) { return GST_CLOCK_TIME_IS_VALID(t) ? static_cast<int64_t>(t) : -1; }

// Watches `pipeline`'s bus from `context` (the media thread's loop); returns
// the watch, to be passed to removeBusWatch().
GSource* addBusWatch(GstElement* pipeline, GstBusFunc func, gpointer data, GMainContext* context);
void removeBusWatch(GSource*& watch);

// An error message from the bus as text ("element: message (debug)").
std::string describeBusError(GstMessage* message);

// An appsrc for pushing a room's re-timed output (live, times in buffers,
// never blocking the pusher); its caps are set from the first buffer.
GstElement* makeAppSource(const char* name);

// Gives `appsrc` the caps of the buffers about to be pushed when they differ
// from `current` (the caps it has, kept here), as when another source goes
// on air. True when they changed.
bool updateAppSourceCaps(GstElement* appsrc, GstCaps*& current, GstCaps* caps);

// Ends `sources` (appsrcs) and waits up to 2 s for the EOS to reach the
// sinks — muxers finish their files — then sets `pipeline` to NULL and
// unrefs it. (A bare state change can wait forever on splitmuxsink.)
void stopAfterEos(GstElement* pipeline, std::initializer_list<GstElement*> sources);

}  // namespace hallcast
