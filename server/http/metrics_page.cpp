#include "http/metrics_page.h"

#include <algorithm>

#include "common/version.h"

namespace hallcast {
namespace {

// Interpretation channels, labelled by room and language.
void renderInterpretationMetrics(PrometheusText& t, const HealthBoard& health) {
  const auto& rooms = health.rooms();
  const bool any = std::any_of(rooms.begin(), rooms.end(), [](const auto& r) { return !r.second.interpretation.empty(); });
  if (!any) return;
  const auto each = [&](const char* name, const char* type, const char* help, auto value) {
    t.family(name, type, help);
    for (const auto& [id, h] : rooms) {
      for (const InterpretationHealth& c : h.interpretation) {
        t.sample(name, {{"room", id}, {"language", c.language}}, value(c));
      }
    }
  };
  each("hallcast_interpretation_on_air", "gauge", "1 while the booth's audio is on air (0: silence fills in).",
       [](const InterpretationHealth& c) { return c.state == FeedState::kLive ? 1.0 : 0.0; });
  each("hallcast_interpretation_silence_seconds", "gauge", "How long the booth's audio has been silent.",
       [](const InterpretationHealth& c) { return silenceSeconds(c.feed); });
  each("hallcast_interpretation_reconnects_total", "counter", "Restarts of the booth's feed after a failure.",
       [](const InterpretationHealth& c) { return static_cast<double>(c.reconnects); });
  each("hallcast_interpretation_segments_total", "counter", "HLS segments of the channel's audio rendition written.",
       [](const InterpretationHealth& c) { return static_cast<double>(c.segments); });
}

// Per-room stream health (see HealthBoard), labelled by room.
void renderFeedMetrics(PrometheusText& t, const HealthBoard& health) {
  const auto& rooms = health.rooms();
  if (rooms.empty()) return;
  t.family("hallcast_feed_state", "gauge", "1 for the state each room's feed is in.");
  for (const auto& [id, h] : rooms) {
    for (FeedState s : {FeedState::kStarting, FeedState::kLive, FeedState::kStandby, FeedState::kBackup,
                        FeedState::kDown}) {
      t.sample("hallcast_feed_state", {{"room", id}, {"state", feedStateName(s)}}, h.state == s ? 1 : 0);
    }
  }
  const auto each = [&](const char* name, const char* type, const char* help, auto value) {
    t.family(name, type, help);
    for (const auto& [id, h] : rooms) t.sample(name, "room", id, value(h));
  };
  each("hallcast_feed_input_bitrate_bps", "gauge", "Encoded input bitrate of the hall feed.",
       [](const RoomHealth& h) { return h.input_bitrate_bps; });
  each("hallcast_feed_fps", "gauge", "Measured video frame rate of the hall feed.",
       [](const RoomHealth& h) { return h.fps; });
  each("hallcast_feed_reconnects_total", "counter", "Restarts of the hall feed after a failure.",
       [](const RoomHealth& h) { return static_cast<double>(h.reconnects); });
  each("hallcast_feed_switches_total", "counter", "Changes of the source on air (feed, backup, slate).",
       [](const RoomHealth& h) { return static_cast<double>(h.switches); });
  each("hallcast_hls_segments_total", "counter", "HLS segments written.",
       [](const RoomHealth& h) { return static_cast<double>(h.segments); });
  each("hallcast_hls_newest_segment_age_seconds", "gauge", "Age of the newest HLS segment (-1: none yet).",
       [](const RoomHealth& h) { return h.newest_segment_age_seconds; });
  each("hallcast_feed_black_seconds", "gauge", "How long the picture on air has been black.",
       [](const RoomHealth& h) { return h.black_seconds; });
  each("hallcast_feed_silence_seconds", "gauge", "How long the hall feed's audio has been silent.",
       [](const RoomHealth& h) { return silenceSeconds(h); });
  each("hallcast_feed_dropped_buffers_total", "counter",
       "Buffers of the source on air dropped because their timestamps went backwards.",
       [](const RoomHealth& h) { return static_cast<double>(h.dropped_buffers); });
  each("hallcast_feed_link_packets_lost_total", "counter",
       "Packets of the hall feed's network link lost for good (SRT; 0 when not reported).",
       [](const RoomHealth& h) { return static_cast<double>(std::max<int64_t>(h.feed.link_packets_lost, 0)); });
  t.family("hallcast_feed_alert_active", "gauge", "1 while an alert of that kind is active in the room.");
  const std::vector<AlertChange> active = health.activeAlerts();
  for (const auto& room : rooms) {
    const std::string& id = room.first;
    for (AlertKind kind : {AlertKind::kFeedDown, AlertKind::kBackupOnAir, AlertKind::kSilence, AlertKind::kBlack,
                           AlertKind::kBitrateCollapse}) {
      const bool on = std::any_of(active.begin(), active.end(),
                                  [&](const AlertChange& a) { return a.room_id == id && a.kind == kind; });
      t.sample("hallcast_feed_alert_active", {{"room", id}, {"kind", alertKindName(kind)}}, on ? 1 : 0);
    }
  }
  t.family("hallcast_feed_audio_rms_dbfs", "gauge", "Audio RMS level of the hall feed per channel (dBFS).");
  for (const auto& [id, h] : rooms) {
    for (std::size_t ch = 0; ch < h.feed.audio_rms_dbfs.size(); ++ch) {
      t.sample("hallcast_feed_audio_rms_dbfs", {{"room", id}, {"channel", std::to_string(ch)}},
               h.feed.audio_rms_dbfs[ch]);
    }
  }
  renderInterpretationMetrics(t, health);
}

}  // namespace

std::string renderMetrics(const Hub& hub, const HealthBoard& health) {
  const Metrics& m = hub.metrics();
  PrometheusText t;
  t.family("hallcast_build_info", "gauge", "Version of the running hub; always 1.");
  t.sample("hallcast_build_info", {{"version", version()}, {"commit", gitCommit()}}, 1);
  t.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch.",
          std::chrono::duration<double>(m.started.time_since_epoch()).count());
  t.gauge("hallcast_uptime_seconds", "Seconds since the hub started.", m.uptimeSeconds());

  t.gauge("hallcast_connections", "Open WebSocket connections.", hub.sessionCount());
  t.counter("hallcast_connections_accepted_total", "WebSocket connections accepted.",
            m.connections_accepted);
  t.counter("hallcast_ws_messages_received_total", "WebSocket messages received.",
            m.ws_messages_received);
  t.counter("hallcast_ws_received_bytes_total", "Payload bytes of WebSocket messages received.",
            m.ws_bytes_received);
  t.counter("hallcast_ws_messages_sent_total",
            "WebSocket messages sent (each may batch several events).", m.ws_frames_sent);
  t.counter("hallcast_ws_events_sent_total", "Server events queued to connections.",
            m.ws_events_sent);
  t.counter("hallcast_ws_sent_bytes_total", "Payload bytes of WebSocket messages sent.",
            m.ws_bytes_sent);
  t.counter("hallcast_room_events_total", "Room events appended to the durable log.",
            m.room_events_appended);
  t.counter("hallcast_slow_consumer_disconnects_total",
            "Connections closed because their send queue overflowed.", m.slow_consumer_disconnects);
  t.counter("hallcast_oversized_messages_total",
            "WebSocket messages refused for their size (closed with 1009).", m.oversized_frames);
  t.counter("hallcast_store_failures_total", "Writes the durable store refused (nothing was acknowledged).",
            hub.storeHealth().failures());
  t.gauge("hallcast_store_failing", "1 while the durable store refuses writes.", hub.storeHealth().failing() ? 1 : 0);
  t.counter("hallcast_store_batches_total",
            "Batches written to the durable store (each one transaction of the writes that waited for it).",
            m.store_batches);
  t.gauge("hallcast_store_waiting_writes", "Writes waiting for the durable store or under way.",
          hub.writesWaiting());
  t.counter("hallcast_refused_connections_total",
            "WebSocket connections refused: their address had limits.connections_per_ip open.", m.refused_connections);
  t.counter("hallcast_http_requests_total", "HTTP requests answered.", m.http_requests);
  t.gauge("hallcast_http_held_requests", "HTTP requests held for a live playlist to change (LL-HLS blocking reloads, hinted parts).",
          m.http_held_requests);
  t.gauge("hallcast_webrtc_viewers", "WebRTC (WHEP) viewers negotiating or connected on this node.", m.webrtc_viewers);
  t.gauge("hallcast_webrtc_publishers", "WHIP publishers negotiating or connected on this node.", m.webrtc_publishers);
  t.counter("hallcast_webrtc_answered_total", "WHEP and WHIP offers answered.", m.webrtc_answered);
  t.counter("hallcast_webrtc_refused_total",
            "WHEP and WHIP offers refused: a bad offer, the node full, no answer, or the connection failed first.",
            m.webrtc_refused);

  t.family("hallcast_request_errors_total", "counter", "Errors sent to WebSocket clients, by code.");
  for (int code = 1; code < v1::ErrorCode_ARRAYSIZE; ++code) {
    t.sample("hallcast_request_errors_total", "code",
             v1::ErrorCode_Name(static_cast<v1::ErrorCode>(code)),
             m.errors_sent[static_cast<std::size_t>(code)]);
  }
  t.family("hallcast_room_viewers", "gauge", "Connections joined to each room.");
  for (const auto& room : hub.rooms()) t.sample("hallcast_room_viewers", "room", room->id(), room->viewers());
  t.family("hallcast_room_head_seq", "gauge", "Sequence number of each room's latest event.");
  for (const auto& room : hub.rooms()) {
    t.sample("hallcast_room_head_seq", "room", room->id(), room->headSeq());
  }
  renderFeedMetrics(t, health);
  return t.take();
}

}  // namespace hallcast
