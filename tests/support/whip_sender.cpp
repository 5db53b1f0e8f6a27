#include "support/whip_sender.h"

#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include <stdexcept>

#include "support/webrtc_peer.h"

namespace hallcast::test {

WhipSender::WhipSender() {
  gst_init(nullptr, nullptr);
  GError* error = nullptr;
  pipeline_ = gst_parse_launch(
      "webrtcbin name=w bundle-policy=max-bundle "
      "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=180,framerate=15/1 ! "
      "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bframes=0 ! "
      "video/x-h264,profile=constrained-baseline ! rtph264pay pt=102 config-interval=-1 aggregate-mode=zero-latency ! "
      "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000 ! w. "
      "audiotestsrc is-live=true wave=sine freq=440 ! audioconvert ! audioresample ! opusenc ! rtpopuspay pt=111 ! "
      "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! w.",
      &error);
  if (!pipeline_) {
    const std::string message = error ? error->message : "?";
    g_clear_error(&error);
    throw std::runtime_error("the WHIP sender's pipeline: " + message);
  }
  webrtc_ = gst_bin_get_by_name(GST_BIN(pipeline_), "w");
  gst_object_unref(webrtc_);  // the pipeline holds it
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw std::runtime_error("the WHIP sender's pipeline does not start");
  }
  // Send only (the pads made the transceivers sendrecv).
  GArray* transceivers = nullptr;
  g_signal_emit_by_name(webrtc_, "get-transceivers", &transceivers);
  for (guint i = 0; transceivers && i < transceivers->len; ++i) {
    g_object_set(g_array_index(transceivers, GstWebRTCRTPTransceiver*, i), "direction",
                 GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, nullptr);
  }
  if (transceivers) g_array_unref(transceivers);
}

WhipSender::~WhipSender() {
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  gst_object_unref(pipeline_);
}

std::string WhipSender::offer() {
  if (offer_.empty()) offer_ = gatheredOffer(webrtc_);
  return offer_;
}

HttpResult WhipSender::publish(const std::string& endpoint_url, const std::string& token) {
  std::vector<std::string> headers = {"Content-Type: application/sdp"};
  if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
  HttpResult r = httpSend(endpoint_url, "POST", offer(), headers);
  if (r.status == 201) applyAnswer(webrtc_, r.body);
  return r;
}

std::string WhipSender::connectionState() const { return test::connectionState(webrtc_); }

}  // namespace hallcast::test
