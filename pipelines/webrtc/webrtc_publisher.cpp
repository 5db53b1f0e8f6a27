#include "webrtc/webrtc_publisher.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "gst/gst_util.h"
#include "webrtc/whep_session.h"

namespace hallcast {

WebRtcPublisher::WebRtcPublisher(std::string room_id, WebRtcOptions options, std::function<int64_t()> output_clock,
                                 WebRtcCallback on_event)
    : room_id_(std::move(room_id)),
      options_(std::move(options)),
      output_clock_(std::move(output_clock)),
      on_event_(std::move(on_event)) {}

WebRtcPublisher::~WebRtcPublisher() { stop(); }

void WebRtcPublisher::addViewer(const std::string& session_id, const std::string& offer_sdp, const WebRtcOffer& tracks) {
  WhepSession::Callbacks callbacks;
  callbacks.on_answer = [this, session_id](std::string sdp) {
    on_event_(WebRtcEvent{room_id_, session_id, WebRtcEvent::Kind::kAnswered, std::move(sdp)});
  };
  callbacks.on_refused = [this, session_id](std::string why) {
    on_event_(WebRtcEvent{room_id_, session_id, WebRtcEvent::Kind::kRefused, std::move(why)});
  };
  auto session = std::make_unique<WhepSession>(session_id, offer_sdp, tracks, options_, std::move(callbacks));
  try {
    if (tracks.audio) startEncoder();
    GstClock* clock = gst_system_clock_obtain();
    const GstClockTime base_time = gst_clock_get_time(clock) - static_cast<GstClockTime>(output_clock_());
    gst_object_unref(clock);
    session->start(base_time);
  } catch (const MediaError& e) {
    spdlog::error("room {}: WebRTC viewer {} cannot start: {}", room_id_, session_id, e.what());
    session->stop();
    on_event_(WebRtcEvent{room_id_, session_id, WebRtcEvent::Kind::kRefused, e.what()});
    if (viewers() == 0) stopEncoder();
    return;
  }
  std::lock_guard lock(mutex_);
  sessions_[session_id] = std::move(session);
}

void WebRtcPublisher::removeViewer(const std::string& session_id, const std::string& reason) {
  std::unique_lock lock(mutex_);
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return;
  lock.unlock();
  end(it, reason);
}

void WebRtcPublisher::end(std::map<std::string, std::unique_ptr<WhepSession>>::iterator it, const std::string& reason) {
  std::unique_ptr<WhepSession> session;
  bool none_left = false;
  {
    std::lock_guard lock(mutex_);
    session = std::move(it->second);
    sessions_.erase(it);
    none_left = sessions_.empty();
  }
  // Outside the lock: its streaming threads may be waiting on it.
  session->stop();
  spdlog::info("room {}: WebRTC viewer {} ended: {}", room_id_, session->id(), reason);
  on_event_(WebRtcEvent{room_id_, session->id(), WebRtcEvent::Kind::kEnded, reason});
  if (none_left) stopEncoder();
}

void WebRtcPublisher::tick(Clock::time_point now) {
  std::vector<std::pair<std::string, std::string>> over;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, session] : sessions_) {
      if (auto why = session->finished(now)) over.emplace_back(id, *why);
    }
  }
  for (const auto& [id, why] : over) removeViewer(id, why);
}

void WebRtcPublisher::stop() {
  std::vector<std::string> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : sessions_) ids.push_back(entry.first);
  }
  for (const std::string& id : ids) removeViewer(id, "the room's media stopped on this node");
  stopEncoder();
}

size_t WebRtcPublisher::viewers() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void WebRtcPublisher::push(Track track, GstBuffer* buffer, GstCaps* caps, bool keyframe) {
  std::lock_guard lock(mutex_);
  if (sessions_.empty()) return;
  if (track == Track::kVideo) {
    for (auto& entry : sessions_) entry.second->pushVideo(buffer, caps, keyframe);
  } else if (aac_source_) {
    updateAppSourceCaps(aac_source_, aac_caps_, caps);
    gst_app_src_push_buffer(GST_APP_SRC(aac_source_), gst_buffer_ref(buffer));
  }
}

void WebRtcPublisher::startEncoder() {
  {
    std::lock_guard lock(mutex_);
    if (encoder_) return;
  }
  // The room's AAC, decoded and encoded to Opus at 48 kHz (RFC 7587).
  GstElement* pipeline = gst_pipeline_new(("opus-" + room_id_).c_str());
  GstElement* source = makeAppSource("aac");
  GstElement* raw = makeElement("capsfilter");
  GstCaps* caps = gst_caps_from_string("audio/x-raw,rate=48000,channels=2");
  g_object_set(raw, "caps", caps, nullptr);
  gst_caps_unref(caps);
  GstElement* opus = makeElement("opusenc");
  g_object_set(opus, "bitrate", 64000, nullptr);
  GstElement* sink = makeElement("appsink");
  g_object_set(sink, "sync", FALSE, "emit-signals", TRUE, nullptr);
  g_signal_connect(sink, "new-sample", G_CALLBACK(onOpus), this);
  addAndLink(GST_BIN(pipeline), {source, makeElement("aacparse"), makeElement("avdec_aac"), makeElement("audioconvert"),
                                 makeElement("audioresample"), raw, opus, sink});
  if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
    throw MediaError("cannot start the Opus encoder of " + room_id_);
  }
  std::lock_guard lock(mutex_);
  encoder_ = pipeline;
  aac_source_ = source;
}

void WebRtcPublisher::stopEncoder() {
  GstElement* pipeline = nullptr;
  {
    std::lock_guard lock(mutex_);
    pipeline = encoder_;
    encoder_ = aac_source_ = nullptr;
    gst_caps_replace(&aac_caps_, nullptr);
  }
  if (!pipeline) return;
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
}

GstFlowReturn WebRtcPublisher::onOpus(GstElement* sink, gpointer data) {
  auto* self = static_cast<WebRtcPublisher*>(data);
  GstSample* sample = gst_app_sink_pull_sample(GST_APP_SINK(sink));
  if (!sample) return GST_FLOW_EOS;
  {
    std::lock_guard lock(self->mutex_);
    for (auto& entry : self->sessions_) {
      if (entry.second->wantsAudio()) entry.second->pushAudio(gst_sample_get_buffer(sample), gst_sample_get_caps(sample));
    }
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

}  // namespace hallcast
