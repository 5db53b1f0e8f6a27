#include "gst/gst_util.h"

#include <gst/app/gstappsrc.h>

#include <mutex>

namespace hallcast {

void ensureGstInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { gst_init(nullptr, nullptr); });
}

GstElement* makeElement(const char* factory, const char* name) {
  GstElement* element = gst_element_factory_make(factory, name);
  if (!element) {
    throw MediaError(std::string("GStreamer element \"") + factory +
                     "\" is not installed (see scripts/lib/common.sh for the plugin packages)");
  }
  return element;
}

void addAndLink(GstBin* bin, std::initializer_list<GstElement*> chain) {
  GstElement* previous = nullptr;
  for (GstElement* element : chain) {
    gst_bin_add(bin, element);
    if (previous && !gst_element_link(previous, element)) {
      throw MediaError(std::string("cannot link ") + GST_ELEMENT_NAME(previous) + " to " +
                       GST_ELEMENT_NAME(element));
    }
    previous = element;
  }
}

GSource* addBusWatch(GstElement* pipeline, GstBusFunc func, gpointer data, GMainContext* context) {
  GstBus* bus = gst_pipeline_get_bus(GST_PIPELINE(pipeline));
  GSource* watch = gst_bus_create_watch(bus);
  g_source_set_callback(watch, G_SOURCE_FUNC(func), data, nullptr);
  g_source_attach(watch, context);
  gst_object_unref(bus);
  return watch;
}

void removeBusWatch(GSource*& watch) {
  if (!watch) return;
  g_source_destroy(watch);
  g_source_unref(watch);
  watch = nullptr;
}

std::string describeBusError(GstMessage* message) {
  GError* error = nullptr;
  gchar* debug = nullptr;
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    gst_message_parse_error(message, &error, &debug);
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    gst_message_parse_warning(message, &error, &debug);
  }
  std::string text = GST_OBJECT_NAME(GST_MESSAGE_SRC(message));
  text += ": ";
  text += error ? error->message : "unknown error";
  if (error) g_error_free(error);
  g_free(debug);
  return text;
}

GstElement* makeAppSource(const char* name) {
  GstElement* src = makeElement("appsrc", name);
  g_object_set(src, "is-live", TRUE, "do-timestamp", FALSE, "block", FALSE,
               "max-bytes", G_GUINT64_CONSTANT(16 * 1024 * 1024), nullptr);
  gst_util_set_object_arg(G_OBJECT(src), "format", "time");
  return src;
}

bool updateAppSourceCaps(GstElement* appsrc, GstCaps*& current, GstCaps* caps) {
  if (!caps || (current && gst_caps_is_equal(caps, current))) return false;
  gst_caps_replace(&current, caps);
  gst_app_src_set_caps(GST_APP_SRC(appsrc), caps);
  return true;
}

void stopAfterEos(GstElement* pipeline, std::initializer_list<GstElement*> sources) {
  for (GstElement* src : sources) {
    if (src) gst_app_src_end_of_stream(GST_APP_SRC(src));
  }
  GstBus* bus = gst_pipeline_get_bus(GST_PIPELINE(pipeline));
  GstMessage* done = gst_bus_timed_pop_filtered(bus, 2 * GST_SECOND,
                                                static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (done) gst_message_unref(done);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
}

}  // namespace hallcast
