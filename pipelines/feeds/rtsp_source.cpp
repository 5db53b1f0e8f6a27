// rtsp:// — IP cameras, pulled. rtspsrc gives one RTP stream per track; each
// gets its own parser (which depayloads it). UDP first; rtspsrc falls back
// to TCP (interleaved) when UDP does not get through, or use rtspt://.

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {
namespace {

void onRtspPad(GstElement*, GstPad* pad, gpointer data) {
  auto* graph = static_cast<FeedGraph*>(data);
  GstElement* parser = graph->newParser();
  if (!parser) return;  // the feed is stopping
  GstPad* sink = gst_element_get_static_pad(parser, "sink");
  if (gst_pad_link(pad, sink) != GST_PAD_LINK_OK) GST_WARNING("cannot link an RTSP stream to its parser");
  gst_object_unref(sink);
}

}  // namespace

void buildRtspSource(FeedGraph& graph, const FeedUri& uri) {
  GstElement* src = makeElement("rtspsrc");
  // 5 s without data: rtspsrc posts an error and the feed reconnects.
  g_object_set(src, "location", uri.uri.c_str(), "latency", 200, "timeout", G_GUINT64_CONSTANT(5000000),
               nullptr);
  gst_bin_add(graph.bin(), src);
  g_signal_connect(src, "pad-added", G_CALLBACK(onRtspPad), &graph);
}

}  // namespace hallcast
