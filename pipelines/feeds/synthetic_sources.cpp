// test:// and the slate: sources hallcast draws and encodes itself, small
// and cheap, so every room shows something with no camera attached.

#include "feeds/feed_graph.h"
#include "gst/gst_util.h"

namespace hallcast {
namespace {

struct Look {
  int width, height, fps;
  int keyframe_frames;  // GOP length
  int bitrate_kbps;
  const char* pattern;
  bool clock;
  double tone_volume;  // 0: silence
};

GstElement* caps(const std::string& text) {
  GstElement* filter = makeElement("capsfilter");
  CapsOwned c(gst_caps_from_string(text.c_str()));
  g_object_set(filter, "caps", c.get(), nullptr);
  return filter;
}

void build(FeedGraph& graph, const SyntheticOptions& options, const Look& look) {
  GstBin* bin = graph.bin();
  GstElement* video = makeElement("videotestsrc");
  gst_util_set_object_arg(G_OBJECT(video), "pattern", look.pattern);
  g_object_set(video, "is-live", TRUE, nullptr);
  GstElement* raw = caps("video/x-raw,width=" + std::to_string(look.width) + ",height=" +
                         std::to_string(look.height) + ",framerate=" + std::to_string(look.fps) + "/1");
  GstElement* title = makeElement("textoverlay");
  const std::string text = options.caption.empty() ? options.title : options.title + "\n" + options.caption;
  g_object_set(title, "text", text.c_str(), "font-desc", "Sans, WenQuanYi Micro Hei 18", "shaded-background",
               TRUE, nullptr);
  gst_util_set_object_arg(G_OBJECT(title), "valignment", options.caption.empty() ? "top" : "center");
  gst_util_set_object_arg(G_OBJECT(title), "halignment", "center");
  GstElement* clock = nullptr;
  if (look.clock) {
    clock = makeElement("clockoverlay");
    g_object_set(clock, "time-format", "%H:%M:%S", "font-desc", "Sans 14", "shaded-background", TRUE, nullptr);
    gst_util_set_object_arg(G_OBJECT(clock), "valignment", "bottom");
    gst_util_set_object_arg(G_OBJECT(clock), "halignment", "right");
  }
  GstElement* encoder = makeElement("x264enc");
  g_object_set(encoder, "bitrate", look.bitrate_kbps, "key-int-max", look.keyframe_frames, "bframes", 0,
               nullptr);
  gst_util_set_object_arg(G_OBJECT(encoder), "speed-preset", "ultrafast");
  gst_util_set_object_arg(G_OBJECT(encoder), "tune", "zerolatency");
  if (clock) {
    addAndLink(bin, {video, raw, title, clock, encoder});
  } else {
    addAndLink(bin, {video, raw, title, encoder});
  }
  graph.linkEncoded(Track::kVideo, encoder);

  GstElement* audio = makeElement("audiotestsrc");
  g_object_set(audio, "is-live", TRUE, "freq", 440.0, "volume", look.tone_volume, nullptr);
  if (look.tone_volume == 0) gst_util_set_object_arg(G_OBJECT(audio), "wave", "silence");
  GstElement* pcm = caps("audio/x-raw,rate=48000,channels=1");
  GstElement* aac = makeElement("voaacenc");
  g_object_set(aac, "bitrate", 48000, nullptr);
  addAndLink(bin, {audio, pcm, aac});
  graph.linkEncoded(Track::kAudio, aac);
}

}  // namespace

void buildTestSource(FeedGraph& graph, const SyntheticOptions& options) {
  // 2 s GOP; a moving ball, the room's title, a running clock and a soft tone.
  build(graph, options, {480, 270, 15, 30, 400, "ball", true, 0.05});
}

void buildSlateSource(FeedGraph& graph, const SyntheticOptions& options) {
  // A still picture: frequent keyframes (0.5 s) so the switch to it is quick,
  // and a still picture costs almost nothing to encode.
  build(graph, options, {480, 270, 10, 5, 150, "black", false, 0.0});
}

}  // namespace hallcast
