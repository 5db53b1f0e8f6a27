#include "support/whep_player.h"

#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include <stdexcept>

#include "support/webrtc_peer.h"

namespace hallcast::test {
namespace {

GstElement* make(const char* factory) {
  GstElement* e = gst_element_factory_make(factory, nullptr);
  if (!e) throw std::runtime_error(std::string("no GStreamer element ") + factory);
  return e;
}

void addTransceiver(GstElement* webrtc, const char* caps_text) {
  GstCaps* caps = gst_caps_from_string(caps_text);
  GstWebRTCRTPTransceiver* transceiver = nullptr;
  g_signal_emit_by_name(webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                        &transceiver);
  gst_caps_unref(caps);
  if (transceiver) gst_object_unref(transceiver);
}


}  // namespace

WhepPlayer::WhepPlayer(bool audio) {
  gst_init(nullptr, nullptr);
  pipeline_ = gst_pipeline_new("whep-player");
  webrtc_ = make("webrtcbin");
  gst_util_set_object_arg(G_OBJECT(webrtc_), "bundle-policy", "max-bundle");
  gst_bin_add(GST_BIN(pipeline_), webrtc_);
  // What Chromium offers first for H.264: Constrained Baseline, mode 1.
  addTransceiver(webrtc_,
                 "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
                 "packetization-mode=(string)1,profile-level-id=(string)42e01f");
  if (audio) {
    addTransceiver(webrtc_, "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,"
                            "encoding-params=(string)2");
  }
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(onPadAdded), this);
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw std::runtime_error("the WHEP player's pipeline does not start");
  }
}

WhepPlayer::~WhepPlayer() {
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  gst_object_unref(pipeline_);
}

std::string WhepPlayer::offer() {
  if (offer_.empty()) offer_ = gatheredOffer(webrtc_);
  return offer_;
}

HttpResult WhepPlayer::play(const std::string& endpoint_url) {
  HttpResult r = httpSend(endpoint_url, "POST", offer(), {"Content-Type: application/sdp"});
  if (r.status == 201) applyAnswer(webrtc_, r.body);
  return r;
}

std::string WhepPlayer::connectionState() const { return test::connectionState(webrtc_); }

GstPadProbeReturn WhepPlayer::countPicture(GstPad* pad, GstPadProbeInfo*, gpointer data) {
  auto* self = static_cast<WhepPlayer*>(data);
  int width = 0;
  int height = 0;
  if (GstCaps* caps = gst_pad_get_current_caps(pad)) {
    const GstStructure* s = gst_caps_get_structure(caps, 0);
    gst_structure_get_int(s, "width", &width);
    gst_structure_get_int(s, "height", &height);
    gst_caps_unref(caps);
  }
  ++self->pictures_;
  std::lock_guard lock(self->mutex_);
  if (self->runs_.empty() || self->runs_.back().width != width || self->runs_.back().height != height) {
    self->runs_.push_back({width, height, 0});
  }
  ++self->runs_.back().pictures;
  return GST_PAD_PROBE_OK;
}

std::vector<WhepPlayer::PictureRun> WhepPlayer::pictureRuns() const {
  std::lock_guard lock(mutex_);
  return runs_;
}

GstPadProbeReturn WhepPlayer::countBuffer(GstPad*, GstPadProbeInfo*, gpointer counter) {
  ++*static_cast<std::atomic<uint64_t>*>(counter);
  return GST_PAD_PROBE_OK;
}

void WhepPlayer::onPadAdded(GstElement*, GstPad* pad, gpointer data) {
  auto* self = static_cast<WhepPlayer*>(data);
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstCaps* caps = gst_pad_get_current_caps(pad);
  if (!caps) caps = gst_pad_query_caps(pad, nullptr);
  const char* media = gst_structure_get_string(gst_caps_get_structure(caps, 0), "media");
  const bool video = media && std::string(media) == "video";
  gst_caps_unref(caps);
  GstElement* depay = make(video ? "rtph264depay" : "rtpopusdepay");
  GstElement* parse = video ? make("h264parse") : make("identity");
  GstElement* decoder = make(video ? "avdec_h264" : "opusdec");
  GstElement* sink = make("fakesink");
  g_object_set(sink, "sync", FALSE, nullptr);
  gst_bin_add_many(GST_BIN(self->pipeline_), depay, parse, decoder, sink, nullptr);
  gst_element_link_many(depay, parse, decoder, sink, nullptr);
  GstPad* decoded = gst_element_get_static_pad(decoder, "src");
  if (video) {
    gst_pad_add_probe(decoded, GST_PAD_PROBE_TYPE_BUFFER, countPicture, self, nullptr);
  } else {
    gst_pad_add_probe(decoded, GST_PAD_PROBE_TYPE_BUFFER, countBuffer, &self->audio_buffers_, nullptr);
  }
  gst_object_unref(decoded);
  for (GstElement* e : {depay, parse, decoder, sink}) gst_element_sync_state_with_parent(e);
  GstPad* sinkpad = gst_element_get_static_pad(depay, "sink");
  gst_pad_link(pad, sinkpad);
  gst_object_unref(sinkpad);
}

}  // namespace hallcast::test
