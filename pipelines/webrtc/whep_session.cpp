#include "webrtc/whep_session.h"

#define GST_USE_UNSTABLE_API  // webrtcbin's API is marked unstable in 1.22
#include <gst/app/gstappsrc.h>
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

}  // namespace

WhepSession::WhepSession(std::string id, std::string offer_sdp, WebRtcOffer tracks, const WebRtcOptions& options,
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
  webrtc_ = makeWebRtcBin(options_, "whep " + id_, &heard_ns_);
  gst_bin_add(GST_BIN(pipeline_), webrtc_);
  if (tracks_.video) addTrack(*tracks_.video, "rtph264pay", video_source_);
  if (tracks_.audio) addTrack(*tracks_.audio, "rtpopuspay", audio_source_);
  WebRtcAnswerer::Callbacks events;
  events.on_answer = callbacks_.on_answer;
  events.on_refused = [this](std::string why) {
    failed_ = true;
    if (callbacks_.on_refused) callbacks_.on_refused(std::move(why));
  };
  events.on_connected = [this] { connected_ = true; };
  events.on_ended = [this](std::string) { failed_ = true; };
  answerer_ = std::make_unique<WebRtcAnswerer>(webrtc_, std::move(events));

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

  answerer_->start(offer_sdp_);
}

void WhepSession::stop() {
  if (!pipeline_) return;
  gst_element_set_state(pipeline_, GST_STATE_NULL);
  answerer_.reset();
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
  const int64_t heard = heard_ns_.load(std::memory_order_relaxed);
  if (connected_ && heard > 0 && now.time_since_epoch() - std::chrono::nanoseconds(heard) > kSilentLimit) {
    return "nothing heard from the viewer for " + std::to_string(kSilentLimit.count()) + " s";
  }
  return std::nullopt;
}

}  // namespace hallcast
