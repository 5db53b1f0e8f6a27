#include "webrtc/whep_session.h"

#define GST_USE_UNSTABLE_API  // webrtcbin's API is marked unstable in 1.22
#include <gst/app/gstappsrc.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <spdlog/spdlog.h>

#include "gst/gst_util.h"

namespace hallcast {
namespace {

// Per viewer: bounded, the oldest dropped first (a viewer whose pipeline
// stalls loses pictures, never the room's memory).
constexpr guint64 kViewerQueueBytes = 4 * 1024 * 1024;

GstElement* viewerSource(const char* name) {
  GstElement* src = makeAppSource(name);
  g_object_set(src, "max-bytes", kViewerQueueBytes, nullptr);
  gst_util_set_object_arg(G_OBJECT(src), "leaky-type", "downstream");
  return src;
}

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

}  // namespace

WhepSession::WhepSession(std::string id, std::string offer_sdp, WhepOffer tracks, const WebRtcOptions& options,
                         Callbacks callbacks)
    : id_(std::move(id)),
      offer_sdp_(std::move(offer_sdp)),
      tracks_(std::move(tracks)),
      options_(options),
      callbacks_(std::move(callbacks)) {}

WhepSession::~WhepSession() { stop(); }

GstElement* WhepSession::addTrack(const OfferedTrack& track, const char* payloader, GstElement*& source) {
  source = viewerSource(payloader);
  GstElement* pay = makeElement(payloader);
  g_object_set(pay, "pt", static_cast<guint>(track.payload), nullptr);
  if (std::string_view(payloader) == "rtph264pay") {
    // Parameter sets before every keyframe: a viewer joins at any keyframe.
    g_object_set(pay, "config-interval", -1, nullptr);
    gst_util_set_object_arg(G_OBJECT(pay), "aggregate-mode", "zero-latency");
  }
  // The payloader announces the profile of the room's stream; webrtcbin
  // matches the offer's codec by the profile the offer named, and a
  // browser decodes any of them: announce the offered one.
  GstElement* setter = makeElement("capssetter");
  GstCaps* caps = gst_caps_from_string(track.caps.c_str());
  if (!caps) throw MediaError("bad caps for the WHEP track: " + track.caps);
  g_object_set(setter, "caps", caps, "join", TRUE, "replace", FALSE, nullptr);
  addAndLink(GST_BIN(pipeline_), {source, pay, setter});
  const std::string pad_name = "sink_" + std::to_string(track.mline);
  // With the caps, webrtcbin knows the transceiver's kind (audio or video)
  // and matches it to the offer's m-line.
  GstPadTemplate* templ = gst_element_get_pad_template(webrtc_, "sink_%u");
  GstPad* sink = gst_element_request_pad(webrtc_, templ, pad_name.c_str(), caps);
  if (sink) {
    // The answer is made before the first buffer gives the pad its caps:
    // the transceiver says what it will send.
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_object_get(sink, "transceiver", &transceiver, nullptr);
    if (transceiver) {
      g_object_set(transceiver, "codec-preferences", caps, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY,
                   nullptr);
      gst_object_unref(transceiver);
    }
  }
  gst_caps_unref(caps);
  GstPad* src = gst_element_get_static_pad(setter, "src");
  const bool linked = sink && gst_pad_link(src, sink) == GST_PAD_LINK_OK;
  gst_object_unref(src);
  if (sink) gst_object_unref(sink);
  if (!linked) throw MediaError("cannot link " + std::string(payloader) + " to webrtcbin's " + pad_name);
  return pay;
}

void WhepSession::start(GstClockTime base_time) {
  started_ = Clock::now();
  pipeline_ = gst_pipeline_new(("whep-" + id_).c_str());
  g_signal_connect(pipeline_, "deep-element-added", G_CALLBACK(onElementAdded), nullptr);
  webrtc_ = makeElement("webrtcbin");
  gst_util_set_object_arg(G_OBJECT(webrtc_), "bundle-policy", "max-bundle");
  if (!options_.stun_server.empty()) g_object_set(webrtc_, "stun-server", options_.stun_server.c_str(), nullptr);
  for (const std::string& turn : options_.turn_servers) {
    gboolean added = FALSE;
    g_signal_emit_by_name(webrtc_, "add-turn-server", turn.c_str(), &added);
    if (!added) spdlog::warn("whep {}: webrtcbin refused the TURN server {}", id_, turn);
  }
  GObject* ice = nullptr;
  g_object_get(webrtc_, "ice-agent", &ice, nullptr);
  if (ice) {
    if (options_.max_port > 0) {
      g_object_set(ice, "min-rtp-port", static_cast<guint>(options_.min_port), "max-rtp-port",
                   static_cast<guint>(options_.max_port), nullptr);
    }
    // Keep-alives that expect an answer: a viewer that vanished without a
    // DELETE fails ICE instead of being sent to for ever.
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(ice), "agent")) {
      GObject* agent = nullptr;
      g_object_get(ice, "agent", &agent, nullptr);
      if (agent) {
        // A server maps no ports on a home router: no UPnP discovery.
        g_object_set(agent, "keepalive-conncheck", TRUE, "upnp", FALSE, nullptr);
        g_object_unref(agent);
      }
    }
    g_object_unref(ice);
  }
  gst_bin_add(GST_BIN(pipeline_), webrtc_);
  if (tracks_.video) addTrack(*tracks_.video, "rtph264pay", video_source_);
  if (tracks_.audio) addTrack(*tracks_.audio, "rtpopuspay", audio_source_);
  g_signal_connect(webrtc_, "notify::ice-gathering-state", G_CALLBACK(onGatheringState), this);
  g_signal_connect(webrtc_, "notify::connection-state", G_CALLBACK(onConnectionState), this);

  // The room's output timeline is this pipeline's running time: buffers
  // go in with the times they have.
  GstClock* clock = gst_system_clock_obtain();
  gst_pipeline_use_clock(GST_PIPELINE(pipeline_), clock);
  gst_object_unref(clock);
  gst_element_set_start_time(pipeline_, GST_CLOCK_TIME_NONE);
  gst_element_set_base_time(pipeline_, base_time);
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw MediaError("cannot start the WebRTC pipeline of viewer " + id_);
  }

  GstSDPMessage* sdp = nullptr;
  gst_sdp_message_new(&sdp);
  gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(offer_sdp_.data()),
                               static_cast<guint>(offer_sdp_.size()), sdp);
  GstWebRTCSessionDescription* offer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  GstPromise* promise = gst_promise_new_with_change_func(onRemoteSet, this, nullptr);
  g_signal_emit_by_name(webrtc_, "set-remote-description", offer, promise);
  gst_webrtc_session_description_free(offer);
}

void WhepSession::onRemoteSet(GstPromise* promise, gpointer data) {
  auto* self = static_cast<WhepSession*>(data);
  const std::string error = promiseError(promise, "the offer was not accepted");
  gst_promise_unref(promise);
  if (!error.empty()) return self->refuse(error);
  GstPromise* answer = gst_promise_new_with_change_func(onAnswerCreated, self, nullptr);
  g_signal_emit_by_name(self->webrtc_, "create-answer", nullptr, answer);
}

void WhepSession::onAnswerCreated(GstPromise* promise, gpointer data) {
  auto* self = static_cast<WhepSession*>(data);
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

void WhepSession::onGatheringState(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto* self = static_cast<WhepSession*>(data);
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

void WhepSession::onConnectionState(GstElement* webrtc, GParamSpec*, gpointer data) {
  auto* self = static_cast<WhepSession*>(data);
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "connection-state", &state, nullptr);
  self->connection_state_ = static_cast<int>(state);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED) self->connected_ = true;
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED || state == GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED) {
    self->failed_ = true;
  }
}

void WhepSession::onElementAdded(GstBin*, GstBin*, GstElement* element, gpointer) {
  // webrtcbin's sinks wait for each packet's running time; ours are on the
  // room's output timeline, which may run a little ahead of the clock
  // after a source switch. Sent at once, a viewer gets them without that wait.
  GstElementFactory* factory = gst_element_get_factory(element);
  if (factory && std::string_view(GST_OBJECT_NAME(factory)) == "nicesink") {
    g_object_set(element, "sync", FALSE, nullptr);
  }
}

void WhepSession::refuse(std::string why) {
  failed_ = true;
  if (!answered_.exchange(true) && callbacks_.on_refused) callbacks_.on_refused(std::move(why));
}

void WhepSession::stop() {
  if (!pipeline_) return;
  g_signal_handlers_disconnect_by_data(webrtc_, this);
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  gst_object_unref(pipeline_);
  pipeline_ = webrtc_ = video_source_ = audio_source_ = nullptr;
  std::lock_guard lock(mutex_);
  gst_caps_replace(&video_caps_, nullptr);
  gst_caps_replace(&audio_caps_, nullptr);
}

void WhepSession::pushVideo(GstBuffer* buffer, GstCaps* caps, bool keyframe) {
  if (!video_source_) return;
  {
    std::lock_guard lock(mutex_);
    if (!video_started_ && !keyframe) return;
    video_started_ = true;
    updateAppSourceCaps(video_source_, video_caps_, caps);
  }
  gst_app_src_push_buffer(GST_APP_SRC(video_source_), gst_buffer_ref(buffer));
}

void WhepSession::pushAudio(GstBuffer* buffer, GstCaps* caps) {
  if (!audio_source_) return;
  {
    std::lock_guard lock(mutex_);
    updateAppSourceCaps(audio_source_, audio_caps_, caps);
  }
  gst_app_src_push_buffer(GST_APP_SRC(audio_source_), gst_buffer_ref(buffer));
}

std::optional<std::string> WhepSession::finished(Clock::time_point now) const {
  if (failed_) {
    return connected_ ? std::string("the viewer's connection ended") : std::string("the viewer's connection failed");
  }
  if (!connected_ && now - started_ > std::chrono::milliseconds(options_.connect_timeout_ms)) {
    return "the viewer did not connect within " + std::to_string(options_.connect_timeout_ms) + " ms";
  }
  return std::nullopt;
}

}  // namespace hallcast
