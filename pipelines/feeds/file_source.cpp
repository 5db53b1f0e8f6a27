// file:/// — a recording played as if live (rehearsals, replays). The feed
// paces it to the clock; at its end the feed restarts it, which loops it.

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {

void buildFileSource(FeedGraph& graph, const FeedUri& uri) {
  GstElement* src = makeElement("filesrc");
  g_object_set(src, "location", uri.path.c_str(), nullptr);
  graph.parse(src);
  graph.setPaced(true);
}

}  // namespace hallcast
