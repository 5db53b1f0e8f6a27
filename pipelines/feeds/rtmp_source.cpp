// rtmp:// — pulled from an RTMP server (e.g. nginx-rtmp) that OBS or a
// hardware encoder publishes to.

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {

void buildRtmpSource(FeedGraph& graph, const FeedUri& uri) {
  GstElement* src = makeElement("rtmp2src");
  g_object_set(src, "location", uri.uri.c_str(), nullptr);
  graph.parse(src);
}

}  // namespace hallcast
