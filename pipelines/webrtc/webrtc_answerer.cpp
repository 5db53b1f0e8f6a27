#include "webrtc/webrtc_answerer.h"

#define GST_USE_UNSTABLE_API  // webrtcbin's API is marked unstable in 1.22
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "gst/gst_util.h"

namespace hallcast {
namespace {

// The reply's error, as text; empty when the promise was answered well.
std::string promiseError(GstPromise* promise, const char* what) {
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) return std::string(what) + " was interrupted";
  const GstStructure* reply = gst_promise_get_reply(promise);
  GError* error = nullptr;
  if (reply && gst_structure_has_field(reply, "error")) {
    gst_structure_get(reply, "error", G_TYPE_ERROR, &error, nullptr);
    std::string message = std::string(what) + ": " + (error ? error->message : "failed");
    if (error) g_error_free(error);
    return message;
  }
  return {};
}

GstPadProbeReturn noteHeard(GstPad*, GstPadProbeInfo*, gpointer heard) {
  static_cast<std::atomic<int64_t>*>(heard)->store(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count(),
      std::memory_order_relaxed);
  return GST_PAD_PROBE_OK;
}

void onElementAdded(GstBin*, GstBin*, GstElement* element, gpointer heard) {
  GstElementFactory* factory = gst_element_get_factory(element);
  const std::string_view name = factory ? GST_OBJECT_NAME(factory) : "";
  // webrtcbin's sinks wait for each packet's running time; the room's
  // timeline may run a little ahead of the clock after a source switch.
  // Sent at once, a viewer gets them without that wait.
  if (name == "nicesink") g_object_set(element, "sync", FALSE, nullptr);
  // What the peer sends arrives through nicesrc.
  if (name == "nicesrc" && heard) {
    GstPad* src = gst_element_get_static_pad(element, "src");
    gst_pad_add_probe(src, static_cast<GstPadProbeType>(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
                      noteHeard, heard, nullptr);
    gst_object_unref(src);
  }
}

}  // namespace

GstElement* makeWebRtcBin(const WebRtcOptions& options, const std::string& log_name, std::atomic<int64_t>* heard) {
  GstElement* webrtc = makeElement("webrtcbin");
  gst_util_set_object_arg(G_OBJECT(webrtc), "bundle-policy", "max-bundle");
  g_signal_connect(webrtc, "deep-element-added", G_CALLBACK(onElementAdded), heard);
  if (!options.stun_server.empty()) g_object_set(webrtc, "stun-server", options.stun_server.c_str(), nullptr);
  for (const std::string& turn : options.turn_servers) {
    gboolean added = FALSE;
    g_signal_emit_by_name(webrtc, "add-turn-server", turn.c_str(), &added);
    if (!added) spdlog::warn("{}: webrtcbin refused a TURN server", log_name);
  }
  GObject* ice = nullptr;
  g_object_get(webrtc, "ice-agent", &ice, nullptr);
  if (!ice) return webrtc;
  if (options.max_port > 0) {
    g_object_set(ice, "min-rtp-port", static_cast<guint>(options.min_port), "max-rtp-port",
                 static_cast<guint>(options.max_port), nullptr);
  }
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent")) {
    GObject* agent = nullptr;
    g_object_get(ice, "agent", &agent, nullptr);
    if (agent) {
      // Keep-alives that expect an answer: a peer that vanished without a
      // DELETE fails ICE. A server maps no ports on a home router: no UPnP.
      g_object_set(agent, "keepalive-conncheck", TRUE, "upnp", FALSE, nullptr);
      g_object_unref(agent);
    }
  }
  g_object_unref(ice);
  return webrtc;
}

WebRtcAnswerer::WebRtcAnswerer(GstElement* webrtc, Callbacks callbacks)
    : webrtc_(webrtc), callbacks_(std::move(callbacks)) {
  g_signal_connect(webrtc_, "notify::ice-gathering-state", G_CALLBACK(onGatheringState), this);
  g_signal_connect(webrtc_, "notify::connection-state", G_CALLBACK(onConnectionState), this);
}

WebRtcAnswerer::~WebRtcAnswerer() { g_signal_handlers_disconnect_by_data(webrtc_, this); }

void WebRtcAnswerer::start(const std::string& offer_sdp) {
  GstSDPMessage* sdp = nullptr;
  gst_sdp_message_new(&sdp);
  gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(offer_sdp.data()), static_cast<guint>(offer_sdp.size()),
                               sdp);
  GstWebRTCSessionDescription* offer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  GstPromise* promise = gst_promise_new_with_change_func(onRemoteSet, this, nullptr);
  g_signal_emit_by_name(webrtc_, "set-remote-description", offer, promise);
  gst_webrtc_session_description_free(offer);
}

void WebRtcAnswerer::onRemoteSet(GstPromise* promise, gpointer data) {
  auto* self = static_cast<WebRtcAnswerer*>(data);
  const std::string error = promiseError(promise, "the offer was not accepted");
  gst_promise_unref(promise);
  if (!error.empty()) return self->refuse(error);
  GstPromise* answer = gst_promise_new_with_change_func(onAnswerCreated, self, nullptr);
  g_signal_emit_by_name(self->webrtc_, "create-answer", nullptr, answer);
}

void WebRtcAnswerer::onAnswerCreated(GstPromise* promise, gpointer data) {
  auto* self = static_cast<WebRtcAnswerer*>(data);
  std::string error = promiseError(promise, "no answer to the offer");
  GstWebRTCSessionDescription* answer = nullptr;
  if (error.empty()) {
    gst_structure_get(gst_promise_get_reply(promise), "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer,
                      nullptr);
    if (!answer) error = "webrtcbin made no answer to the offer";
  }
  gst_promise_unref(promise);
  if (!error.empty()) return self->refuse(error);
  // Gathering starts here; the answer goes out when it is complete.
  g_signal_emit_by_name(self->webrtc_, "set-local-description", answer, nullptr);
  gst_webrtc_session_description_free(answer);
}

void WebRtcAnswerer::onGatheringState(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto* self = static_cast<WebRtcAnswerer*>(data);
  GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
  g_object_get(webrtc, "ice-gathering-state", &state, nullptr);
  if (state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE) return;
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc, "local-description", &local, nullptr);
  if (!local) return;
  gchar* text = gst_sdp_message_as_text(local->sdp);
  std::string answer(text);
  g_free(text);
  gst_webrtc_session_description_free(local);
  if (!self->answered_.exchange(true) && self->callbacks_.on_answer) self->callbacks_.on_answer(std::move(answer));
}

void WebRtcAnswerer::onConnectionState(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto* self = static_cast<WebRtcAnswerer*>(data);
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "connection-state", &state, nullptr);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED && self->callbacks_.on_connected) {
    self->callbacks_.on_connected();
  }
  if ((state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED || state == GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED) &&
      !self->ended_.exchange(true) && self->callbacks_.on_ended) {
    self->callbacks_.on_ended(state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED ? "the connection failed"
                                                                                : "the connection closed");
  }
}

void WebRtcAnswerer::refuse(std::string why) {
  if (!answered_.exchange(true) && callbacks_.on_refused) callbacks_.on_refused(std::move(why));
}

}  // namespace hallcast
