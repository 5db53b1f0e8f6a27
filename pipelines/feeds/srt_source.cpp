// srt:// — hall encoders push MPEG-TS over SRT. Listener mode
// (srt://:PORT?mode=listener) waits for them; caller mode (srt://HOST:PORT)
// dials out to them. SRT options (latency, passphrase…) ride in the query.

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {

void buildSrtSource(FeedGraph& graph, const FeedUri& uri) {
  GstElement* src = makeElement("srtsrc");
  // A finite poll timeout: srtsrc checks for a stop between polls. With the
  // default (forever) a listener whose encoder vanished blocks its teardown
  // — and the media thread — until SRT's 5 s peer-idle timeout.
  g_object_set(src, "uri", uri.uri.c_str(), "wait-for-connection", TRUE, "poll-timeout", 100, nullptr);
  // The encoder hung up: end the feed at once (the slate goes on air) and
  // listen again with a fresh pipeline, whose demuxer starts clean for the
  // encoder's next connection.
  g_signal_connect(src, "caller-removed", G_CALLBACK(+[](GstElement*, gint, gpointer /*GSocketAddress*/, gpointer data) {
                     static_cast<FeedGraph*>(data)->lost("the encoder disconnected");
                   }),
                   &graph);
  graph.watchLink(src);
  graph.parse(src);
}

}  // namespace hallcast
