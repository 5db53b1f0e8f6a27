#pragma once
// Counters of the hub, read by GET /metrics. Only the event-loop thread
// writes them, so they are plain integers.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "hallcast/v1/realtime.pb.h"

namespace hallcast {

struct Metrics {
  std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
  std::chrono::steady_clock::time_point started_steady = std::chrono::steady_clock::now();

  uint64_t connections_accepted = 0;
  uint64_t ws_messages_received = 0;
  uint64_t ws_bytes_received = 0;
  uint64_t ws_frames_sent = 0;      // WebSocket frames (each may batch events)
  uint64_t ws_events_sent = 0;      // ServerEvents queued to connections
  uint64_t ws_bytes_sent = 0;
  uint64_t room_events_appended = 0;
  uint64_t store_batches = 0;  // writes sent to the store (each a transaction of what waited)
  uint64_t slow_consumer_disconnects = 0;
  uint64_t oversized_frames = 0;
  uint64_t refused_connections = 0;  // over limits.connections_per_ip
  uint64_t http_requests = 0;
  uint64_t http_held_requests = 0;  // now: LL-HLS blocking reloads and hinted parts waiting
  uint64_t webrtc_viewers = 0;   // now: WHEP sessions negotiating or connected on this node
  uint64_t webrtc_publishers = 0;  // now: WHIP publishers negotiating or connected on this node
  uint64_t webrtc_answered = 0;  // WHEP and WHIP offers answered
  uint64_t webrtc_refused = 0;   // WHEP and WHIP offers refused (bad offer, node full, no answer)
  std::array<uint64_t, v1::ErrorCode_ARRAYSIZE> errors_sent{};

  double uptimeSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_steady).count();
  }
};

// Builds the Prometheus text exposition format (version 0.0.4).
class PrometheusText {
 public:
  // Starts a metric family: # HELP and # TYPE lines.
  void family(std::string_view name, std::string_view type, std::string_view help);
  // A family with one unlabelled sample.
  void counter(std::string_view name, std::string_view help, double value);
  void gauge(std::string_view name, std::string_view help, double value);
  void sample(std::string_view name, double value);
  void sample(std::string_view name, std::string_view label, std::string_view label_value,
              double value);
  void sample(std::string_view name,
              std::initializer_list<std::pair<std::string_view, std::string_view>> labels,
              double value);
  std::string take() { return std::move(out_); }

  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  void value(double v);
  std::string out_;
};

}  // namespace hallcast
