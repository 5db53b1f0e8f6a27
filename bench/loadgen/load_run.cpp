#include "loadgen/load_run.h"

#include <algorithm>
#include <cmath>

#include "loadgen/chat_stamp.h"

namespace bench {
namespace {

constexpr int kCloseTimeoutMs = 3000;
// A slow consumer reads what the hub sent before it gave up on it (up to a
// few MiB of socket buffers), then its close.
constexpr int kSlowCloseTimeoutMs = 10000;
constexpr double kReactionTailSeconds = 0.5;

double secondsBetween(uint64_t from_ns, uint64_t to_ns) {
  return to_ns > from_ns ? static_cast<double>(to_ns - from_ns) / 1e9 : 0.0;
}

uint64_t afterSeconds(uint64_t from_ns, double seconds) {
  return from_ns + static_cast<uint64_t>(seconds * 1e9);
}

// Opens every connection: at most `max_pending` handshakes at a time and,
// with a rate, no faster than it. Returns when all are joined or failed, or
// at the timeout.
void openAll(const LoadOptions& options, ClientPool& pool, uint64_t start_ns) {
  const uint64_t deadline = afterSeconds(start_ns, options.join_timeout_s);
  const uint32_t total = options.connections + options.slow_consumers;
  uint32_t started = 0;
  for (;;) {
    const uint64_t now = steadyNowNs();
    uint32_t allowed = total;
    if (options.connect_rate > 0) {
      allowed = std::min<uint32_t>(total,
                                   1 + static_cast<uint32_t>(secondsBetween(start_ns, now) * options.connect_rate));
    }
    while (started < allowed && pool.counts().connecting < options.max_pending) pool.connect(started++);
    const PoolCounts& counts = pool.counts();
    const uint32_t done = counts.joined + counts.connect_failures + counts.unexpected_closes;
    if ((started == total && done >= total) || now >= deadline) return;
    pool.service();
  }
}

// Chat: publishers send `rate` messages per second in all, in turn.
void publishFor(const LoadOptions& options, ClientPool& pool, DeliveryLedger& ledger, RunResult& result) {
  const uint32_t publishers = pool.publisherCount();
  const uint64_t start = steadyNowNs();
  const uint64_t end = afterSeconds(start, options.duration_s);
  uint64_t sent = 0;
  uint64_t pinged = 0;
  ledger.setWindowOpen(true);
  for (uint64_t now = start; now < end; now = steadyNowNs()) {
    if (options.ping_interval_ms > 0) {
      const auto due = static_cast<uint64_t>(secondsBetween(start, now) * 1000 / options.ping_interval_ms);
      for (; pinged < due; ++pinged) pool.pingNext();
    }
    if (options.in_flight > 0) {
      for (uint32_t p = 0; p < publishers; ++p) {
        while (pool.unanswered(p) < options.in_flight) pool.publish(p);
      }
    } else {
      const auto due = static_cast<uint64_t>(secondsBetween(start, now) * options.rate);
      for (; sent < due && publishers > 0; ++sent) pool.publish(static_cast<uint32_t>(sent % publishers));
    }
    pool.service();
  }
  ledger.setWindowOpen(false);
  result.window_seconds = secondsBetween(start, steadyNowNs());
}

// Reactions: every joined connection reacts once per interval, the
// connections' turns spread evenly over it.
void reactFor(const LoadOptions& options, ClientPool& pool, RunResult& result) {
  const uint64_t start = steadyNowNs();
  const uint64_t end = afterSeconds(start, options.duration_s);
  const double per_second = options.connections / options.reaction_interval_s;
  uint64_t sent = 0;
  for (uint64_t now = start; now < end; now = steadyNowNs()) {
    const auto due = static_cast<uint64_t>(secondsBetween(start, now) * per_second);
    for (; sent < due; ++sent) pool.react(static_cast<uint32_t>(sent % options.connections));
    pool.service();
  }
  result.window_seconds = secondsBetween(start, steadyNowNs());
}

// Keeps serving the connections; returns the seconds it took.
double holdFor(double seconds, ClientPool& pool) {
  const uint64_t start = steadyNowNs();
  const uint64_t end = afterSeconds(start, seconds);
  while (steadyNowNs() < end) pool.service();
  return secondsBetween(start, steadyNowNs());
}

}  // namespace

RunResult runLoad(const LoadOptions& options) {
  RunResult result;
  DeliveryLedger ledger(options.mode == Mode::kChat ? options.publishers : 0, options.debug_ignore_every);
  ClientPool pool(options, ledger);
  // Every node's CPU and memory, summed; nullopt when one is gone.
  const auto server = [&]() -> std::optional<ProcessSample> {
    if (options.server_pids.empty()) return std::nullopt;
    ProcessSample sum;
    for (pid_t pid : options.server_pids) {
      const auto sample = sampleProcess(pid);
      if (!sample) return std::nullopt;
      sum.cpu_seconds += sample->cpu_seconds;
      sum.rss_bytes += sample->rss_bytes;
      sum.peak_rss_bytes += sample->peak_rss_bytes;
    }
    return sum;
  };

  result.server_before = server();
  double generator_cpu = sampleSelf().cpu_seconds;
  const uint64_t connect_start = steadyNowNs();
  openAll(options, pool, connect_start);
  result.connect_seconds = secondsBetween(connect_start, pool.counts().last_established_ns);
  result.join_seconds = secondsBetween(connect_start, pool.counts().last_join_ns);

  const bool measure_connecting = options.mode == Mode::kConnect || options.mode == Mode::kIdle;
  const uint64_t measure_start = measure_connecting ? connect_start : steadyNowNs();
  if (!measure_connecting) {
    // The measured phase starts now: what connecting cost is not in it.
    generator_cpu = sampleSelf().cpu_seconds;
    result.server_before = result.server_before ? result.server_before : server();
  }
  const std::optional<ProcessSample> server_at_start = measure_connecting ? result.server_before : server();

  switch (options.mode) {
    case Mode::kChat: {
      publishFor(options, pool, ledger, result);
      const uint64_t drain_start = steadyNowNs();
      const uint64_t drain_end = afterSeconds(drain_start, options.drain_timeout_s);
      while (!pool.allDelivered() && steadyNowNs() < drain_end) pool.service();
      result.drain_seconds = secondsBetween(drain_start, steadyNowNs());
      break;
    }
    case Mode::kReactions:
      reactFor(options, pool, result);
      // The last window's Reactions arrive within two hub ticks; the
      // measured phase includes that wait.
      result.window_seconds += holdFor(kReactionTailSeconds, pool);
      break;
    case Mode::kConnect:
      result.window_seconds = result.join_seconds;
      break;
    case Mode::kIdle:
      result.window_seconds = holdFor(options.duration_s, pool);
      break;
  }

  result.server_after = server();
  result.generator_cpu_seconds = sampleSelf().cpu_seconds - generator_cpu;
  result.measured_seconds = secondsBetween(measure_start, steadyNowNs());
  if (server_at_start && result.server_after) {
    result.server_cpu_seconds = result.server_after->cpu_seconds - server_at_start->cpu_seconds;
  }
  const std::vector<uint32_t> members = pool.membersPerRoom();
  pool.settleDeliveries();
  if (options.slow_consumers > 0) pool.awaitSlowConsumersClosed(kSlowCloseTimeoutMs);
  pool.closeAll(kCloseTimeoutMs);
  result.generator_after = sampleSelf();
  result.pool = pool.counts();
  result.deliveries = ledger.counts();
  result.latency = ledger.latency();
  result.ping_latency = pool.pingLatency();
  for (std::size_t room = 0; room < members.size(); ++room) {
    result.expected_deliveries += result.pool.chats_accepted_by_room[room] * members[room];
  }
  return result;
}

}  // namespace bench
