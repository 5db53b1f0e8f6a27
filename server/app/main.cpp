// hallcast: the real-time hub of a hybrid event.
//   hallcast serve --config FILE [--listen HOST:PORT] [--data DIR] [--log-level LEVEL]
//   hallcast check-config FILE
//   hallcast token --config FILE --role ROLE --name NAME [--rooms A,B] [--ttl 12h] [--subject ID]
//                  [--outlet OUTLET]   (role press: an accredited journalist)
//                  [--booth ID]        (role exhibitor: a booth's staff)
//   hallcast --version

#include <CLI/CLI.hpp>
#include <google/protobuf/stubs/logging.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/serve.h"
#include "app/token_command.h"
#include "common/version.h"
#include "config/event_config.h"

namespace {

constexpr int kExitBadConfig = 2;

int checkConfig(const std::string& path) {
  const hallcast::ConfigLoadResult result = hallcast::loadEventConfig(path);
  for (const auto& error : result.errors) std::cerr << error.toString() << '\n';
  if (!result.ok()) {
    std::cerr << result.errors.size() << " error(s) in " << path << '\n';
    return kExitBadConfig;
  }
  std::size_t booths = 0;
  for (const auto& room : result.config.rooms) booths += room.booth ? 1 : 0;
  std::cout << path << ": ok (" << result.config.rooms.size() - booths << " rooms, " << booths << " booths)\n";
  return 0;
}

// Protobuf logs through its own handler (e.g. when a client sends a string
// that is not UTF-8); send it to our log, at debug level: the client already
// gets an Error for it.
void protobufLog(google::protobuf::LogLevel level, const char* file, int line,
                 const std::string& message) {
  if (level >= google::protobuf::LOGLEVEL_FATAL) {
    spdlog::critical("protobuf {}:{}: {}", file, line, message);
  } else {
    spdlog::debug("protobuf {}:{}: {}", file, line, message);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hallcast — the real-time hub of a hybrid event"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", std::string("hallcast ") + hallcast::version() + " (" +
                                        hallcast::gitCommit() + ")");

  hallcast::ServeOptions serve;
  std::string log_level = "info";
  CLI::App* serve_cmd = app.add_subcommand("serve", "Run the hub");
  serve_cmd->add_option("--config", serve.config_path, "Event configuration (YAML)")->required();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to serve HTTP and WebSockets on")
      ->capture_default_str();
  serve_cmd->add_option("--data", serve.data_dir, "Directory of the durable store")
      ->capture_default_str();
  serve_cmd->add_option("--static", serve.static_dir, "Web client files served at /")
      ->capture_default_str();
  serve_cmd->add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();

  std::string check_path;
  CLI::App* check_cmd = app.add_subcommand("check-config", "Validate an event configuration");
  check_cmd->add_option("file", check_path, "Event configuration (YAML)")->required();

  hallcast::TokenOptions token;
  CLI::App* token_cmd = app.add_subcommand("token", "Mint an access token for staff, press or exhibitors (printed on stdout)");
  token_cmd->add_option("--config", token.config_path, "Event configuration (YAML), for its secret")->required();
  token_cmd->add_option("--data", token.data_dir,
                        "The hub's data directory, whose secret signs when the event configures none")
      ->capture_default_str();
  token_cmd->add_option("--role", token.role, "moderator, technician, admin, press or exhibitor")->required();
  token_cmd->add_option("--booth", token.booth, "With --role exhibitor: the booth whose chat they moderate");
  token_cmd->add_option("--outlet", token.outlet, "With --role press: the journalist's news outlet");
  token_cmd->add_option("--name", token.name, "The person's display name")->required();
  token_cmd->add_option("--rooms", token.rooms, "Limit the token to these rooms (comma-separated)")
      ->delimiter(',');
  token_cmd->add_option("--ttl", token.ttl, "Lifetime: 45s, 30m, 12h, 7d")->capture_default_str();
  token_cmd->add_option("--subject", token.subject,
                        "A stable id for the person, the same in each of their tokens (default: a new one)");

  CLI11_PARSE(app, argc, argv);

  auto logger = spdlog::stderr_color_mt("hallcast");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));
  google::protobuf::SetLogHandler(protobufLog);

  if (*check_cmd) return checkConfig(check_path);
  if (*token_cmd) return hallcast::mintTokenCommand(token);
  if (*serve_cmd) return hallcast::serve(serve);
  std::cout << app.help();
  return 0;
}
