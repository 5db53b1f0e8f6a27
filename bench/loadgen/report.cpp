#include "loadgen/report.h"

#include <cstdio>
#include <sstream>
#include <vector>

namespace bench {
namespace {

double perSecond(double count, double seconds) { return seconds > 0 ? count / seconds : 0.0; }
double micros(uint64_t ns) { return static_cast<double>(ns) / 1e3; }
double percentOfCore(double cpu_seconds, double wall_seconds) { return perSecond(100 * cpu_seconds, wall_seconds); }

uint64_t errorCount(const RunResult& r) {
  uint64_t n = 0;
  for (const auto& [code, count] : r.pool.errors) n += count;
  return n;
}

// One "name": value pair after another, in order (the report is flat but for
// a few nested objects, which callers open and close).
class JsonWriter {
 public:
  JsonWriter& key(const std::string& name) {
    separate();
    out_ << '"' << name << "\":";
    return *this;
  }
  JsonWriter& number(const std::string& name, double value) {
    key(name);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", value);
    out_ << buf;
    return *this;
  }
  JsonWriter& string(const std::string& name, const std::string& value) {
    key(name);
    out_ << '"';
    for (char ch : value) {
      if (ch == '"' || ch == '\\') out_ << '\\';
      if (static_cast<unsigned char>(ch) < 0x20) {
        out_ << ' ';
      } else {
        out_ << ch;
      }
    }
    out_ << '"';
    return *this;
  }
  JsonWriter& open(const std::string& name) {
    key(name);
    out_ << '{';
    first_ = true;
    return *this;
  }
  JsonWriter& close() {
    out_ << '}';
    first_ = false;
    return *this;
  }
  std::string str() const { return "{" + out_.str() + "}"; }

 private:
  void separate() {
    if (!first_) out_ << ',';
    first_ = false;
  }
  std::ostringstream out_;
  bool first_ = true;
};

void row(std::ostream& out, const char* name, const std::string& value) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-28s %s\n", name, value.c_str());
  out << buf;
}

std::string fmt(const char* format, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

}  // namespace

void printTable(const LoadOptions& o, const RunResult& r, std::ostream& out) {
  const PoolCounts& p = r.pool;
  out << "hallcast-loadgen " << modeName(o.mode) << (o.label.empty() ? "" : " (" + o.label + ")") << "\n";
  row(out, "connections", fmt("%.0f requested, %.0f open, %.0f joined, %.0f failed", o.connections,
                              p.established, p.joined, p.connect_failures));
  row(out, "rooms", fmt("%.0f", static_cast<double>(o.rooms.size())));
  row(out, "time to open all", fmt("%.3f s (%.0f connects/s)", r.connect_seconds,
                                   perSecond(p.established, r.connect_seconds)));
  row(out, "time to join all", fmt("%.3f s", r.join_seconds));
  if (o.mode == Mode::kChat) {
    if (o.in_flight > 0) {
      row(out, "publishing", fmt("%.0f publishers, %.0f in flight each, %.2f s", p.chats_sent ? o.publishers : 0,
                                 static_cast<double>(o.in_flight), r.window_seconds));
    } else {
      row(out, "publishing", fmt("%.0f publishers, %.0f msg/s offered, %.2f s", p.chats_sent ? o.publishers : 0,
                                 o.rate, r.window_seconds));
    }
    row(out, "chat sent / accepted", fmt("%.0f / %.0f", p.chats_sent, p.chats_accepted));
    row(out, "accepted/s (in window)", fmt("%.0f", perSecond(p.chats_accepted, r.window_seconds)));
    if (p.pings_sent > 0) {
      row(out, "bystander pings answered", fmt("%.0f of %.0f", p.pings_answered, p.pings_sent));
      row(out, "ping p50 / p99 / max", fmt("%.2f / %.2f / %.2f ms", micros(r.ping_latency.percentile(0.5)) / 1000,
                                            micros(r.ping_latency.percentile(0.99)) / 1000,
                                            micros(r.ping_latency.max()) / 1000));
    }
    row(out, "deliveries", fmt("%.0f of %.0f expected (drain %.2f s)", r.deliveries.deliveries,
                               r.expected_deliveries, r.drain_seconds));
    row(out, "deliveries/s (in window)", fmt("%.0f", perSecond(r.deliveries.window_deliveries, r.window_seconds)));
    row(out, "latency p50 / p99 / p99.9", fmt("%.0f / %.0f / %.0f us", micros(r.latency.percentile(0.5)),
                                              micros(r.latency.percentile(0.99)), micros(r.latency.percentile(0.999))));
    row(out, "latency max / mean", fmt("%.0f / %.0f us", micros(r.latency.max()), r.latency.mean() / 1e3));
    row(out, "missing / dup / out of order", fmt("%.0f / %.0f / %.0f", r.deliveries.gaps, r.deliveries.duplicates,
                                                 r.deliveries.out_of_order));
    // How much the hub batched: WebSocket messages received, all connections.
    row(out, "messages received", fmt("%.0f (%.2f deliveries per message)", static_cast<double>(p.frames),
                                      p.frames ? r.deliveries.deliveries / static_cast<double>(p.frames) : 0.0));
  }
  if (o.mode == Mode::kReactions) {
    row(out, "reactions sent / accepted", fmt("%.0f / %.0f over %.2f s", p.reacts_sent, p.reacts_accepted,
                                              r.window_seconds));
    row(out, "Reactions events", fmt("%.0f (%.0f/s)", p.reaction_events, perSecond(p.reaction_events, r.window_seconds)));
    // Every member sees every reaction of its room, summed into windows.
    row(out, "reactions seen by members", fmt("%.0f of %.0f (accepted × members)", p.reaction_counts,
                                              static_cast<double>(p.reacts_accepted) * p.joined));
  }
  if (o.mode == Mode::kIdle && r.server_before && r.server_after && p.joined > 0) {
    const double grown = static_cast<double>(r.server_after->rss_bytes) - static_cast<double>(r.server_before->rss_bytes);
    row(out, "server RSS before / after", fmt("%.1f / %.1f MiB", r.server_before->rss_bytes / 1048576.0,
                                              r.server_after->rss_bytes / 1048576.0));
    row(out, "server bytes per connection", fmt("%.0f", grown / p.joined));
  }
  if (o.slow_consumers > 0) {
    std::string codes;
    for (const auto& [code, n] : p.slow_close_codes) codes += fmt(" %.0f×", n) + std::to_string(code);
    row(out, "slow consumers", fmt("%.0f joined and stopped reading, %.0f closed by the hub (close code", p.slow_joined,
                                   p.slow_closed) + codes + "): " + p.slow_close_reason);
  }
  row(out, "errors", fmt("%.0f hub errors, %.0f closed by the hub, %.0f bad frames, %.0f protocol errors",
                         errorCount(r), p.unexpected_closes, p.bad_frames, p.protocol_errors));
  for (const std::string& e : p.first_errors) row(out, "  e.g.", e);
  const double window = r.measured_seconds;
  row(out, "generator CPU", fmt("%.2f s (%.0f %% of a core over %.2f s), RSS %.0f MiB", r.generator_cpu_seconds,
                                percentOfCore(r.generator_cpu_seconds, window), window,
                                r.generator_after.peak_rss_bytes / 1048576.0));
  if (r.server_cpu_seconds && r.server_after) {
    row(out, "server CPU", fmt("%.2f s (%.0f %% of a core), RSS %.0f MiB, peak %.0f MiB", *r.server_cpu_seconds,
                               percentOfCore(*r.server_cpu_seconds, window), r.server_after->rss_bytes / 1048576.0,
                               r.server_after->peak_rss_bytes / 1048576.0));
  }
}

std::string toJson(const LoadOptions& o, const RunResult& r) {
  const PoolCounts& p = r.pool;
  JsonWriter j;
  j.string("mode", modeName(o.mode)).string("label", o.label);
  j.number("connections", o.connections).number("rooms", static_cast<double>(o.rooms.size()));
  j.number("established", p.established).number("joined", p.joined).number("connect_failures", p.connect_failures);
  j.number("connect_seconds", r.connect_seconds).number("join_seconds", r.join_seconds);
  j.number("connects_per_second", perSecond(p.established, r.connect_seconds));
  j.number("window_seconds", r.window_seconds);
  if (o.mode == Mode::kChat) {
    j.number("publishers", o.publishers).number("rate", o.rate);
    j.number("chats_sent", static_cast<double>(p.chats_sent)).number("chats_accepted", static_cast<double>(p.chats_accepted));
    j.number("in_flight", static_cast<double>(o.in_flight));
    j.number("pings_sent", static_cast<double>(p.pings_sent)).number("pings_answered", static_cast<double>(p.pings_answered));
    j.number("ping_p50_ms", micros(r.ping_latency.percentile(0.5)) / 1000)
        .number("ping_p99_ms", micros(r.ping_latency.percentile(0.99)) / 1000)
        .number("ping_max_ms", micros(r.ping_latency.max()) / 1000);
    j.number("accepted_per_second", perSecond(p.chats_accepted, r.window_seconds));
    j.number("deliveries", static_cast<double>(r.deliveries.deliveries));
    j.number("expected_deliveries", static_cast<double>(r.expected_deliveries));
    j.number("deliveries_per_second", perSecond(r.deliveries.window_deliveries, r.window_seconds));
    j.number("drain_seconds", r.drain_seconds);
    j.number("measured_seconds", r.measured_seconds);
    j.number("missing", static_cast<double>(r.deliveries.gaps)).number("duplicates", static_cast<double>(r.deliveries.duplicates));
    j.number("out_of_order", static_cast<double>(r.deliveries.out_of_order));
    j.open("latency_us")
        .number("p50", micros(r.latency.percentile(0.5)))
        .number("p99", micros(r.latency.percentile(0.99)))
        .number("p999", micros(r.latency.percentile(0.999)))
        .number("max", micros(r.latency.max()))
        .number("mean", r.latency.mean() / 1e3)
        .close();
  }
  if (o.mode == Mode::kReactions) {
    j.number("reacts_sent", static_cast<double>(p.reacts_sent)).number("reacts_accepted", static_cast<double>(p.reacts_accepted));
    j.number("reaction_events", static_cast<double>(p.reaction_events));
    j.number("reaction_events_per_second", perSecond(static_cast<double>(p.reaction_events), r.window_seconds));
    j.number("reaction_counts_received", static_cast<double>(p.reaction_counts));
  }
  if (o.slow_consumers > 0) {
    j.open("slow_consumers").number("joined", p.slow_joined).number("closed_by_hub", p.slow_closed);
    j.string("close_reason", p.slow_close_reason).close();
  }
  j.number("messages_received", static_cast<double>(p.frames));
  j.number("errors", static_cast<double>(errorCount(r))).number("unexpected_closes", p.unexpected_closes);
  j.number("bad_frames", static_cast<double>(p.bad_frames)).number("protocol_errors", p.protocol_errors);
  j.open("generator").number("cpu_seconds", r.generator_cpu_seconds)
      .number("cpu_percent", percentOfCore(r.generator_cpu_seconds, r.measured_seconds))
      .number("peak_rss_bytes", static_cast<double>(r.generator_after.peak_rss_bytes)).close();
  if (r.server_after) {
    j.open("server");
    if (r.server_cpu_seconds) {
      j.number("cpu_seconds", *r.server_cpu_seconds)
          .number("cpu_percent", percentOfCore(*r.server_cpu_seconds, r.measured_seconds));
    }
    if (r.server_before) j.number("rss_before_bytes", static_cast<double>(r.server_before->rss_bytes));
    j.number("rss_after_bytes", static_cast<double>(r.server_after->rss_bytes));
    j.number("peak_rss_bytes", static_cast<double>(r.server_after->peak_rss_bytes));
    if (r.server_before && p.joined > 0) {
      j.number("rss_bytes_per_connection",
               (static_cast<double>(r.server_after->rss_bytes) - static_cast<double>(r.server_before->rss_bytes)) / p.joined);
    }
    j.close();
  }
  return j.str();
}

std::string checkFailure(const LoadOptions& o, const RunResult& r) {
  const PoolCounts& p = r.pool;
  std::vector<std::string> problems;
  const auto add = [&](uint64_t n, const char* what) {
    if (n > 0) problems.push_back(std::to_string(n) + " " + what);
  };
  add(r.deliveries.gaps, "missing");
  add(r.deliveries.duplicates, "duplicated");
  add(r.deliveries.out_of_order, "out of order");
  add(r.deliveries.unstamped, "unstamped chat");
  add(p.foreign_events, "events of another room");
  add(errorCount(r), "hub errors");
  add(p.unexpected_closes, "closed by the hub");
  add(p.connect_failures, "failed connects");
  add(p.bad_frames, "bad frames");
  add(p.protocol_errors, "WebSocket protocol errors");
  add(o.connections - std::min(o.connections, p.joined), "never joined");
  if (o.mode == Mode::kChat) {
    if (p.chats_accepted == 0) problems.push_back("no chat message accepted");
    if (r.deliveries.deliveries != r.expected_deliveries) {
      problems.push_back(std::to_string(r.deliveries.deliveries) + " deliveries where " +
                         std::to_string(r.expected_deliveries) + " were expected");
    }
  }
  std::string text;
  for (const std::string& problem : problems) text += (text.empty() ? "" : ", ") + problem;
  return text;
}

}  // namespace bench
