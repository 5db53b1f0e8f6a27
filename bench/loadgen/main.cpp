// hallcast-loadgen: opens many WebSocket connections to a hallcast hub and
// measures it (see bench/run, which starts the hub and drives this).
//   hallcast-loadgen --port P --mode chat --connections 10000 --rate 100 ...

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <map>

#include "loadgen/load_options.h"
#include "loadgen/load_run.h"
#include "loadgen/report.h"

namespace {

constexpr int kExitCheckFailed = 3;

}  // namespace

int main(int argc, char** argv) {
  bench::LoadOptions o;
  CLI::App app{"hallcast-loadgen — load and measure a hallcast hub over WebSockets"};
  std::map<std::string, bench::Mode> modes;
  for (const auto& [name, mode] : bench::kModeNames) modes.emplace(name, mode);
  app.add_option("--mode", o.mode, "chat, reactions, connect or idle")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
  app.add_option("--host", o.host, "The hub's address")->capture_default_str();
  app.add_option("--port", o.ports, "The hub's port, or its nodes' ports (comma-separated)")
      ->required()->delimiter(',');
  app.add_option("--connections,-n", o.connections, "WebSocket connections")->capture_default_str();
  app.add_option("--rooms", o.rooms, "Rooms; connection i joins the i-th modulo their number")
      ->delimiter(',')->capture_default_str();
  app.add_option("--connect-rate", o.connect_rate, "New connections per second (0: as fast as accepted)")
      ->capture_default_str();
  app.add_option("--ping-interval-ms", o.ping_interval_ms,
                 "Chat: bystanders (connections that do not publish) send a Ping this often, in turn; "
                 "their round trips are reported (0: none)")
      ->capture_default_str();
  app.add_option("--max-pending", o.max_pending, "Handshakes in flight at once")->capture_default_str();
  app.add_option("--join-timeout", o.join_timeout_s, "Seconds for all to open and join")->capture_default_str();
  app.add_option("--publishers", o.publishers, "Chat: publishing connections")->capture_default_str();
  app.add_option("--rate", o.rate, "Chat: messages per second, all publishers together")->capture_default_str();
  app.add_option("--in-flight", o.in_flight,
                 "Chat: each publisher keeps this many messages unanswered, as fast as the hub answers "
                 "(--rate ignored): the hub's ingest rate")
      ->capture_default_str();
  app.add_option("--message-chars", o.message_chars, "Chat: pad texts to this many characters")
      ->capture_default_str();
  app.add_option("--slow-consumers", o.slow_consumers,
                 "Chat: extra connections that join, then stop reading (not counted as receivers)")
      ->capture_default_str();
  app.add_option("--reaction-interval", o.reaction_interval_s, "Reactions: seconds between one connection's")
      ->capture_default_str();
  app.add_option("--duration", o.duration_s, "Seconds of publishing, reacting or holding")->capture_default_str();
  app.add_option("--drain-timeout", o.drain_timeout_s, "Chat: seconds to wait for the last deliveries")
      ->capture_default_str();
  app.add_option("--server-pid", o.server_pids, "The hub's process (or nodes', comma-separated), for CPU and memory")
      ->delimiter(',');
  app.add_option("--json", o.json_path, "Write the report as one JSON object to this file");
  app.add_option("--label", o.label, "Names the run in the report");
  app.add_flag("--check", o.check, "Exit 3 unless every message reached every member once, in order, without errors");
  app.add_option("--debug-ignore-every", o.debug_ignore_every,
                 "Test of --check: pretend every Nth delivery never arrived");
  CLI11_PARSE(app, argc, argv);
  if (o.rooms.empty() || o.connections == 0) {
    std::cerr << "need at least one room and one connection\n";
    return 2;
  }

  const bench::RunResult result = bench::runLoad(o);
  bench::printTable(o, result, std::cout);
  if (!o.json_path.empty()) {
    std::ofstream json(o.json_path);
    json << bench::toJson(o, result) << '\n';
    if (!json) {
      std::cerr << "cannot write " << o.json_path << '\n';
      return 1;
    }
  }
  if (o.check) {
    const std::string failure = bench::checkFailure(o, result);
    if (!failure.empty()) {
      std::cout << "check failed: " << failure << '\n';
      return kExitCheckFailed;
    }
    std::cout << "check passed: every message reached every member once, in order, without errors\n";
  }
  return 0;
}
