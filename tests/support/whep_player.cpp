#include "support/whep_player.h"

#define GST_USE_UNSTABLE_API
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <chrono>
#include <stdexcept>
#include <thread>

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

// Waits for a promise emitted to webrtcbin; its reply (owned by the promise).
const GstStructure* await(GstPromise* promise) {
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) throw std::runtime_error("webrtcbin promise not replied");
  return gst_promise_get_reply(promise);
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
  if (!offer_.empty()) return offer_;
  GstPromise* promise = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "create-offer", nullptr, promise);
  GstWebRTCSessionDescription* offer = nullptr;
  gst_structure_get(await(promise), "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, nullptr);
  gst_promise_unref(promise);
  if (!offer) throw std::runtime_error("webrtcbin made no offer");
  promise = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-local-description", offer, promise);
  gst_promise_wait(promise);
  gst_promise_unref(promise);
  gst_webrtc_session_description_free(offer);
  // No trickle ICE: the offer carries its candidates.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
  while (state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    g_object_get(webrtc_, "ice-gathering-state", &state, nullptr);
  }
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc_, "local-description", &local, nullptr);
  if (!local) throw std::runtime_error("webrtcbin has no local description");
  gchar* text = gst_sdp_message_as_text(local->sdp);
  offer_ = text;
  g_free(text);
  gst_webrtc_session_description_free(local);
  return offer_;
}

HttpResult WhepPlayer::play(const std::string& endpoint_url) {
  HttpResult r = httpSend(endpoint_url, "POST", offer(), {"Content-Type: application/sdp"});
  if (r.status != 201) return r;
  GstSDPMessage* sdp = nullptr;
  gst_sdp_message_new(&sdp);
  if (gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(r.body.data()), static_cast<guint>(r.body.size()),
                                   sdp) != GST_SDP_OK) {
    gst_sdp_message_free(sdp);
    throw std::runtime_error("the answer is not SDP: " + r.body);
  }
  GstWebRTCSessionDescription* answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  GstPromise* promise = gst_promise_new();
  g_signal_emit_by_name(webrtc_, "set-remote-description", answer, promise);
  gst_promise_wait(promise);
  gst_promise_unref(promise);
  gst_webrtc_session_description_free(answer);
  return r;
}

std::string WhepPlayer::connectionState() const {
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  g_object_get(webrtc_, "connection-state", &state, nullptr);
  GEnumClass* type = static_cast<GEnumClass*>(g_type_class_ref(GST_TYPE_WEBRTC_PEER_CONNECTION_STATE));
  GEnumValue* value = g_enum_get_value(type, state);
  std::string nick = value ? value->value_nick : "?";
  g_type_class_unref(type);
  return nick;
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
  gst_pad_add_probe(decoded, GST_PAD_PROBE_TYPE_BUFFER, countBuffer, video ? &self->pictures_ : &self->audio_buffers_,
                    nullptr);
  gst_object_unref(decoded);
  for (GstElement* e : {depay, parse, decoder, sink}) gst_element_sync_state_with_parent(e);
  GstPad* sinkpad = gst_element_get_static_pad(depay, "sink");
  gst_pad_link(pad, sinkpad);
  gst_object_unref(sinkpad);
}

}  // namespace hallcast::test
