#pragma once
// What one run of the load generator does (set from the command line).

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bench {

enum class Mode {
  kChat,       // publishers chat, everyone receives: fan-out and latency
  kReactions,  // everyone reacts once per interval: the hub's aggregation
  kConnect,    // open every connection as fast as it is accepted
  kIdle,       // open every connection, then hold: server memory per connection
};

struct LoadOptions {
  Mode mode = Mode::kChat;
  std::string host = "127.0.0.1";
  // The hub's port; several (cluster nodes): connection i goes to
  // ports[i % size], so publishers and members spread over the nodes.
  std::vector<int> ports;
  uint32_t connections = 1000;
  std::vector<std::string> rooms = {"hall"};  // connection i joins rooms[i % size]
  double connect_rate = 0;      // new connections per second; 0: as fast as accepted
  uint32_t max_pending = 256;   // handshakes in flight at once
  double join_timeout_s = 60;   // for every connection to be open and joined
  uint32_t publishers = 10;     // chat: connections that publish, spread over the rooms
  double rate = 100;            // chat: messages per second, all publishers together
  uint32_t message_chars = 0;   // chat: texts padded to this length
  // Chat: each publisher keeps this many messages unanswered, as fast as the
  // hub answers (`rate` is ignored): the hub's ingest rate. 0: at `rate`.
  uint32_t in_flight = 0;
  // Chat: bystanders (connections that do not publish) send a Ping this
  // often, in turn, and their round trips are reported. 0: none.
  uint32_t ping_interval_ms = 0;
  // Chat: connections beyond `connections` that join and then stop reading
  // (their room's events back up in the hub): not counted as receivers.
  uint32_t slow_consumers = 0;
  double reaction_interval_s = 1;  // reactions: per connection
  double duration_s = 10;       // publishing, reacting or holding
  double drain_timeout_s = 5;   // chat: waiting for the last deliveries
  std::vector<pid_t> server_pids;  // the hub's processes, CPU and memory summed (none: not read)
  std::string json_path;        // the report as one JSON object (empty: none)
  std::string label;            // names the run in the report
  bool check = false;           // exit 3 unless every delivery was exact
  uint32_t debug_ignore_every = 0;  // test of the check: ignore every Nth delivery
};

// The modes by their name on the command line and in reports.
inline constexpr std::array<std::pair<std::string_view, Mode>, 4> kModeNames = {{
    {"chat", Mode::kChat}, {"reactions", Mode::kReactions}, {"connect", Mode::kConnect}, {"idle", Mode::kIdle}}};

inline std::string modeName(Mode mode) {
  for (const auto& [name, m] : kModeNames) {
    if (m == mode) return std::string(name);
  }
  return "?";
}

}  // namespace bench
