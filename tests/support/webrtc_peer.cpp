#include "support/webrtc_peer.h"

#define GST_USE_UNSTABLE_API
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace hallcast::test {

std::string gatheredOffer(GstElement* webrtc) {
  GstPromise* promise = gst_promise_new();
  g_signal_emit_by_name(webrtc, "create-offer", nullptr, promise);
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED) throw std::runtime_error("webrtcbin made no offer");
  GstWebRTCSessionDescription* offer = nullptr;
  gst_structure_get(gst_promise_get_reply(promise), "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, nullptr);
  gst_promise_unref(promise);
  if (!offer) throw std::runtime_error("webrtcbin made no offer");
  promise = gst_promise_new();
  g_signal_emit_by_name(webrtc, "set-local-description", offer, promise);
  gst_promise_wait(promise);
  gst_promise_unref(promise);
  gst_webrtc_session_description_free(offer);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
  while (state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    g_object_get(webrtc, "ice-gathering-state", &state, nullptr);
  }
  GstWebRTCSessionDescription* local = nullptr;
  g_object_get(webrtc, "local-description", &local, nullptr);
  if (!local) throw std::runtime_error("webrtcbin has no local description");
  gchar* text = gst_sdp_message_as_text(local->sdp);
  std::string sdp(text);
  g_free(text);
  gst_webrtc_session_description_free(local);
  return sdp;
}

void applyAnswer(GstElement* webrtc, const std::string& text) {
  GstSDPMessage* sdp = nullptr;
  gst_sdp_message_new(&sdp);
  if (gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(text.data()), static_cast<guint>(text.size()),
                                   sdp) != GST_SDP_OK) {
    gst_sdp_message_free(sdp);
    throw std::runtime_error("the answer is not SDP: " + text);
  }
  GstWebRTCSessionDescription* answer = gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  GstPromise* promise = gst_promise_new();
  g_signal_emit_by_name(webrtc, "set-remote-description", answer, promise);
  gst_promise_wait(promise);
  gst_promise_unref(promise);
  gst_webrtc_session_description_free(answer);
}

std::string connectionState(GstElement* webrtc) {
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "connection-state", &state, nullptr);
  GEnumClass* type = static_cast<GEnumClass*>(g_type_class_ref(GST_TYPE_WEBRTC_PEER_CONNECTION_STATE));
  GEnumValue* value = g_enum_get_value(type, state);
  std::string nick = value ? value->value_nick : "?";
  g_type_class_unref(type);
  return nick;
}

}  // namespace hallcast::test
