// test:// and the slate: sources hallcast draws and encodes itself, small
// and cheap, so every room shows something with no camera attached.
// makeSlate() is declared in loop_source.h.

#include <gst/video/video.h>

#include "feeds/feed_graph.h"
#include "feeds/loop_source.h"
#include "feeds/time_code.h"
#include "gst/gst_util.h"

namespace hallcast {
namespace {

// Each raw picture on its way to the encoder gets the wall-clock time it
// was made burned in (feeds/time_code.h), for glass-to-glass measurements.
GstPadProbeReturn stampTimeCode(GstPad* pad, GstPadProbeInfo* info, gpointer) {
  GstCaps* caps = gst_pad_get_current_caps(pad);
  GstVideoInfo video;
  const bool known = caps && gst_video_info_from_caps(&video, caps);
  if (caps) gst_caps_unref(caps);
  if (!known || GST_VIDEO_INFO_FORMAT(&video) != GST_VIDEO_FORMAT_I420) return GST_PAD_PROBE_OK;
  GstBuffer* buffer = gst_buffer_make_writable(GST_PAD_PROBE_INFO_BUFFER(info));
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  GstVideoFrame frame;
  if (gst_video_frame_map(&frame, &video, buffer, GST_MAP_WRITE)) {
    paintTimeCode(static_cast<uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0)), GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0),
                  GST_VIDEO_FRAME_WIDTH(&frame), GST_VIDEO_FRAME_HEIGHT(&frame),
                  static_cast<uint64_t>(g_get_real_time() / 1000),
                  static_cast<uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 1)),
                  static_cast<uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 2)), GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 1));
    gst_video_frame_unmap(&frame);
  }
  return GST_PAD_PROBE_OK;
}

struct Look {
  int width, height, fps;
  int keyframe_frames;  // GOP length
  int bitrate_kbps;
  const char* pattern;
  bool clock;
  bool time_code;      // feeds/time_code.h
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
  // I420 (8-bit 4:2:0): left to choose, x264enc takes 10-bit 4:4:4, which
  // browsers cannot decode.
  GstElement* raw = caps("video/x-raw,format=I420,width=" + std::to_string(look.width) + ",height=" +
                         std::to_string(look.height) + ",framerate=" + std::to_string(look.fps) + "/1");
  GstElement* title = makeElement("textoverlay");
  g_object_set(title, "text", options.title.c_str(), "font-desc", "Sans, WenQuanYi Micro Hei 18", "shaded-background",
               TRUE, nullptr);
  gst_util_set_object_arg(G_OBJECT(title), "valignment", "top");
  gst_util_set_object_arg(G_OBJECT(title), "halignment", "center");
  GstElement* clock = nullptr;
  if (look.clock) {
    clock = makeElement("clockoverlay");
    g_object_set(clock, "time-format", "%H:%M:%S", "font-desc", "Sans 14", "shaded-background", TRUE, nullptr);
    gst_util_set_object_arg(G_OBJECT(clock), "valignment", "bottom");
    gst_util_set_object_arg(G_OBJECT(clock), "halignment", "right");
  }
  GstElement* encoder = makeElement("x264enc");
  if (look.time_code) {
    GstPad* sink = gst_element_get_static_pad(encoder, "sink");
    gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, stampTimeCode, nullptr, nullptr);
    gst_object_unref(sink);
  }
  // One thread: a 480×270 picture gains nothing from more, and ten rooms'
  // worth of encoder threads cost memory and wake-ups.
  g_object_set(encoder, "bitrate", look.bitrate_kbps, "key-int-max", look.keyframe_frames, "bframes", 0,
               "threads", 1, nullptr);
  gst_util_set_object_arg(G_OBJECT(encoder), "speed-preset", "ultrafast");
  gst_util_set_object_arg(G_OBJECT(encoder), "tune", "zerolatency");
  if (clock) {
    addAndLink(bin, {video, raw, title, clock, encoder});
  } else {
    addAndLink(bin, {video, raw, title, encoder});
  }
  graph.linkEncoded(Track::kVideo, encoder);

  GstElement* audio = makeElement("audiotestsrc");
  g_object_set(audio, "is-live", TRUE, "freq", options.tone_hz, "volume", look.tone_volume, nullptr);
  if (look.tone_volume == 0) gst_util_set_object_arg(G_OBJECT(audio), "wave", "silence");
  // The room's on-air format (feed_graph.h).
  GstElement* pcm = caps(onAirRawAudio());
  GstElement* aac = makeElement("voaacenc");
  g_object_set(aac, "bitrate", 64000, nullptr);
  addAndLink(bin, {audio, pcm, aac});
  graph.linkEncoded(Track::kAudio, aac);
}

}  // namespace

void buildTestSource(FeedGraph& graph, const SyntheticOptions& options, FeedOutput output) {
  if (output == FeedOutput::kVoice) {
    // A soft tone at the channel's own pitch: a listener hears which
    // channel plays.
    const std::string description =
        "audiotestsrc is-live=true volume=0.1 freq=" + std::to_string(options.tone_hz) + " ! " + kVoiceEncoder;
    GError* error = nullptr;
    GstElement* bin = gst_parse_bin_from_description(description.c_str(), TRUE, &error);
    if (!bin) {
      std::string message = error ? error->message : "unknown";
      g_clear_error(&error);
      throw MediaError("cannot build the test tone: " + message);
    }
    gst_bin_add(graph.bin(), bin);
    graph.linkEncoded(Track::kAudio, bin);
    return;
  }
  // 2 s GOP; a moving ball, the room's title, a running clock (and its
  // time code, bottom left) and a soft tone.
  build(graph, options, {480, 270, 10, 20, 300, "ball", true, true, 0.05});
}

std::unique_ptr<LoopSource> makeSlate(const std::string& room_title, FeedPipeline::BufferCallback on_sample,
                                      GMainContext* context) {
  // A still picture with the room's title, and silence (in the room's
  // on-air audio format, feed_graph.h), encoded once: a
  // 1.6 s loop holds a whole number of video frames (16 at 10 fps) and of
  // AAC frames (75 of 1024 samples at 48 kHz), so it loops seamlessly. The
  // room rewinds the loop to its first keyframe when it switches to it, so
  // a short GOP is not needed for a quick switch.
  static const std::string kSlate =
      "videotestsrc num-buffers=16 pattern=black ! video/x-raw,format=I420,width=480,height=270,framerate=10/1 ! "
      "textoverlay name=title font-desc=\"Sans, WenQuanYi Micro Hei 18\" valignment=center "
      "halignment=center shaded-background=true ! x264enc speed-preset=ultrafast tune=zerolatency "
      "key-int-max=8 bframes=0 bitrate=150 ! h264parse config-interval=-1 ! "
      "video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=video sync=false wait-on-eos=false "
      "audiotestsrc num-buffers=75 samplesperbuffer=1024 wave=silence ! " + onAirRawAudio() + " ! "
      "voaacenc bitrate=32000 ! aacparse ! audio/mpeg,stream-format=adts ! appsink name=audio sync=false wait-on-eos=false";
  return std::make_unique<LoopSource>(kSlate, room_title + "\nWe'll be right back · 稍后回来", std::move(on_sample),
                                      context);
}

std::unique_ptr<LoopSource> makeSilence(FeedPipeline::BufferCallback on_sample, GMainContext* context) {
  // 75 AAC frames of 1024 samples at 48 kHz: 1.6 s, in the channel format.
  const std::string silence = std::string("audiotestsrc num-buffers=75 samplesperbuffer=1024 wave=silence ! ") +
                              kVoiceEncoder +
                              " ! aacparse ! audio/mpeg,stream-format=adts ! appsink name=audio sync=false "
                              "wait-on-eos=false";
  return std::make_unique<LoopSource>(silence, "", std::move(on_sample), context);
}

}  // namespace hallcast
