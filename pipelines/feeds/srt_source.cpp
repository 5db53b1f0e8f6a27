// srt:// — hall encoders push MPEG-TS over SRT. Listener mode
// (srt://:PORT?mode=listener) waits for them; caller mode (srt://HOST:PORT)
// dials out to them. SRT options (latency, passphrase…) ride in the query.

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {

void buildSrtSource(FeedGraph& graph, const FeedUri& uri) {
  GstElement* src = makeElement("srtsrc");
  // keep-listening: when the encoder reconnects (it restarted, its network
  // dropped), the listener takes the new connection.
  g_object_set(src, "uri", uri.uri.c_str(), "wait-for-connection", TRUE, nullptr);
  if (uri.srt_listener) g_object_set(src, "keep-listening", TRUE, nullptr);
  graph.parse(src);
}

}  // namespace hallcast
