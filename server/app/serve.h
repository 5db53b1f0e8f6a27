#pragma once
#include <string>

namespace hallcast {

struct ServeOptions {
  std::string config_path;
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::string static_dir = "web-client/dist";
};

// Runs the hub until SIGINT or SIGTERM (SIGHUP reloads the blocked words).
// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace hallcast
