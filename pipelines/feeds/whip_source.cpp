#include "feeds/whip_source.h"

#define GST_USE_UNSTABLE_API  // webrtcbin's API is marked unstable in 1.22
#include <gst/video/video.h>
#include <gst/webrtc/webrtc.h>
#include <spdlog/spdlog.h>

#include "gst/gst_util.h"

namespace hallcast {

WhipReceiver::WhipReceiver(FeedGraph& graph, std::string name, uint32_t keyframe_ms, GMainContext* context)
    : graph_(graph), name_(std::move(name)), keyframe_ms_(keyframe_ms), context_(context) {}

WhipReceiver::~WhipReceiver() {
  if (keyframe_timer_) {
    g_source_destroy(keyframe_timer_);
    g_source_unref(keyframe_timer_);
  }
  answerer_.reset();
  if (webrtc_) g_signal_handlers_disconnect_by_data(webrtc_, this);
  if (video_pad_) gst_object_unref(video_pad_);
}

bool WhipReceiver::accept(const std::string& session_id, const std::string& offer_sdp, const WebRtcOffer& tracks,
                          const WebRtcOptions& options, Callbacks callbacks) {
  if (webrtc_) return false;
  session_id_ = session_id;
  webrtc_ = makeWebRtcBin(options, name_);
  // What the room takes of what the publisher sends: H.264 and Opus only
  // (a browser offers VP8 first), received on transceivers that say so.
  for (const auto& track : {tracks.video, tracks.audio}) {
    if (!track) continue;
    GstCaps* caps = gst_caps_from_string(track->caps.c_str());
    GstWebRTCRTPTransceiver* transceiver = nullptr;
    g_signal_emit_by_name(webrtc_, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps,
                          &transceiver);
    if (caps) gst_caps_unref(caps);
    if (transceiver) gst_object_unref(transceiver);
  }
  g_signal_connect(webrtc_, "pad-added", G_CALLBACK(onPad), this);
  gst_bin_add(graph_.bin(), webrtc_);
  gst_element_sync_state_with_parent(webrtc_);
  WebRtcAnswerer::Callbacks events;
  events.on_answer = std::move(callbacks.on_answer);
  events.on_refused = [this, refused = std::move(callbacks.on_refused)](std::string why) {
    if (refused) refused(why);
    graph_.lost("the WHIP offer could not be answered: " + why);
  };
  events.on_connected = [this] { connected_ = true; };
  events.on_ended = [this](std::string why) { graph_.lost("the WHIP publisher left (" + why + ")"); };
  answerer_ = std::make_unique<WebRtcAnswerer>(webrtc_, std::move(events));
  answerer_->start(offer_sdp);
  // Keyframes asked for regularly (RTCP PLI through rtpbin), and a
  // publisher that never connects is let go.
  keyframe_timer_ = g_timeout_source_new(keyframe_ms_);
  g_source_set_callback(keyframe_timer_, askKeyframe, this, nullptr);
  g_source_attach(keyframe_timer_, context_);
  started_ = std::chrono::steady_clock::now();
  connect_timeout_ = std::chrono::milliseconds(options.connect_timeout_ms);
  return true;
}

void WhipReceiver::end(const std::string& reason) { graph_.lost(reason); }

void WhipReceiver::onPad(GstElement*, GstPad* pad, gpointer data) {
  auto* self = static_cast<WhipReceiver*>(data);
  if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
  GstElement* parser = self->graph_.newParser();
  if (!parser) return;  // the feed is stopping
  GstPad* sink = gst_element_get_static_pad(parser, "sink");
  if (gst_pad_link(pad, sink) != GST_PAD_LINK_OK) spdlog::warn("{}: cannot link a WHIP stream to its parser", self->name_);
  gst_object_unref(sink);
  CapsOwned caps(gst_pad_get_current_caps(pad));
  const GstStructure* s = caps ? gst_caps_get_structure(caps.get(), 0) : nullptr;
  const char* media = s ? gst_structure_get_string(s, "media") : nullptr;
  if (media && std::string_view(media) == "video") {
    std::lock_guard lock(self->mutex_);
    if (!self->video_pad_) self->video_pad_ = GST_PAD(gst_object_ref(pad));
  }
}

gboolean WhipReceiver::askKeyframe(gpointer data) {
  auto* self = static_cast<WhipReceiver*>(data);
  if (!self->connected_ && std::chrono::steady_clock::now() - self->started_ > self->connect_timeout_) {
    self->graph_.lost("the WHIP publisher did not connect within " + std::to_string(self->connect_timeout_.count()) +
                      " ms");
    return G_SOURCE_CONTINUE;
  }
  GstPad* pad = nullptr;
  {
    std::lock_guard lock(self->mutex_);
    if (self->video_pad_) pad = GST_PAD(gst_object_ref(self->video_pad_));
  }
  if (!pad) return G_SOURCE_CONTINUE;
  // Upstream from webrtcbin's output: rtpbin turns it into an RTCP PLI.
  gst_pad_send_event(pad, gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
  gst_object_unref(pad);
  return G_SOURCE_CONTINUE;
}

}  // namespace hallcast
