#pragma once
// One run of the load generator, phase by phase: open the connections (each
// says Hello and joins its room), then publish, react or hold for the
// duration, drain, close — measuring the generator's and the hub's CPU and
// memory around the measured phase.

#include <cstdint>
#include <optional>

#include "loadgen/client_pool.h"
#include "loadgen/delivery_ledger.h"
#include "loadgen/load_options.h"
#include "loadgen/process_stats.h"

namespace bench {

struct RunResult {
  double connect_seconds = 0;  // first connect to the last WebSocket open
  double join_seconds = 0;     // first connect to the last JoinRoom acknowledged
  double window_seconds = 0;   // the measured phase (publishing, reacting, holding)
  // Wall time of the phase the CPU figures cover (the window, plus the
  // drain, or plus connecting in connect and idle): their % of a core.
  double measured_seconds = 0;
  double drain_seconds = 0;    // chat: after publishing, until all delivered (or the timeout)
  uint64_t expected_deliveries = 0;  // accepted chat messages × members of their room
  PoolCounts pool;
  DeliveryCounts deliveries;
  LatencyHistogram latency;
  LatencyHistogram ping_latency;  // bystanders' Ping round trips
  // Over the measured phase (connect and idle: over connecting and joining).
  double generator_cpu_seconds = 0;
  std::optional<double> server_cpu_seconds;
  std::optional<ProcessSample> server_before;  // before any connection
  std::optional<ProcessSample> server_after;   // at the end of the measured phase
  ProcessSample generator_after;
};

RunResult runLoad(const LoadOptions& options);

}  // namespace bench
