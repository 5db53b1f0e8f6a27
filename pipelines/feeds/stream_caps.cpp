#include "feeds/stream_caps.h"

#include <gst/pbutils/pbutils.h>

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {

std::string codecName(const GstCaps* caps) {
  const GstStructure* s = gst_caps_get_structure(caps, 0);
  const std::string name = gst_structure_get_name(s);
  if (name == "video/x-h264") return "h264";
  if (name == "video/x-h265") return "h265";
  if (name == "video/mpeg") {
    int version = 0;
    gst_structure_get_int(s, "mpegversion", &version);
    return version == 4 ? "mpeg4" : version == 2 ? "mpeg2video" : "mpeg1video";
  }
  if (name == "audio/mpeg") {
    // mpegversion 1 is MPEG-1/2 audio (MP2, MP3); 2 and 4 are AAC. The
    // caps may not be fixed yet when the stream appears.
    int version = 0;
    if (!gst_structure_get_int(s, "mpegversion", &version) || version != 1) return "aac";
    int layer = 0;
    gst_structure_get_int(s, "layer", &layer);
    return layer == 3 ? "mp3" : "mp2";
  }
  gchar* description = gst_pb_utils_get_codec_description(caps);
  std::string out = description ? description : name;
  g_free(description);
  return out;
}

// A change of it within a feed (an encoder reconfigured while it sends)
// starts a new segment after a discontinuity.
std::string pictureFormat(const GstCaps* caps) {
  const GstStructure* s = gst_caps_get_structure(caps, 0);
  std::string out = gst_structure_get_name(s);
  for (const char* field : {"width", "height", "profile", "chroma-format", "bit-depth-luma"}) {
    const GValue* value = gst_structure_get_value(s, field);
    if (!value) continue;
    gchar* text = gst_value_serialize(value);
    out += ' ';
    out += text ? text : "";
    g_free(text);
  }
  return out;
}

// Not decodebin: it changes
// state asynchronously, and added to a playing feed it sends the whole
// pipeline back to PAUSED until its pads appear — which they may never do
// when the demuxer's thread is by then blocked pushing the other track into
// a paused sink.
std::string decoderFor(const GstCaps* caps) {
  GList* decoders = gst_element_factory_list_get_elements(GST_ELEMENT_FACTORY_TYPE_DECODER, GST_RANK_MARGINAL);
  GList* usable = gst_element_factory_list_filter(decoders, caps, GST_PAD_SINK, FALSE);
  usable = g_list_sort(usable, gst_plugin_feature_rank_compare_func);
  std::string name = usable ? GST_OBJECT_NAME(usable->data) : "";
  gst_plugin_feature_list_free(usable);
  gst_plugin_feature_list_free(decoders);
  if (name.empty()) throw MediaError("no decoder for " + codecName(caps));
  return name;
}

bool isOnAirAudio(const GstCaps* caps) {
  if (!caps || gst_caps_is_empty(caps)) return false;
  const GstStructure* s = gst_caps_get_structure(caps, 0);
  int version = 0, rate = 0, channels = 0;
  const char* profile = gst_structure_get_string(s, "profile");
  return gst_structure_has_name(s, "audio/mpeg") && gst_structure_get_int(s, "mpegversion", &version) &&
         (version == 2 || version == 4) && gst_structure_get_int(s, "rate", &rate) && rate == kOnAirSampleRate &&
         gst_structure_get_int(s, "channels", &channels) && channels == kOnAirChannels && profile &&
         std::string(profile) == "lc";
}

}  // namespace hallcast
