#include "gst/gst_util.h"

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

}  // namespace hallcast
