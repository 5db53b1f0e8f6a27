#pragma once
// What the fuzz targets share: a small event read by the real configuration
// loader (two rooms, a signing secret, request limits high enough that the
// fuzzer reaches the handlers rather than the rate limiter, media off), and
// a scratch directory that lives as long as the fuzzing process.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "config/event_config.h"

namespace hallcast::fuzz {

inline constexpr const char* kSecret = "fuzz-secret-0123456789abcdef0123456789";

inline const EventConfig& fuzzEvent() {
  static const EventConfig config = [] {
    const std::string yaml = std::string(R"(event:
  id: fuzz
  title: {en: Fuzz, zh: 模糊}
  time_zone: Asia/Shanghai
rooms:
  - id: main-forum
    kind: main
    title: {en: Main, zh: 主论坛}
    schedule: {start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T12:00:00+08:00"}
  - id: panel-a
    kind: panel
    title: {en: Panel A, zh: 分论坛}
    schedule: {start: "2026-12-08T14:00:00+08:00", end: "2026-12-08T17:00:00+08:00"}
media: {enabled: false}
limits: {requests_per_second: 100000, request_burst: 100000, send_queue_bytes: 1048576}
moderation: {blocked_words: [spam, "scam*"]}
access:
  secret: )") + kSecret + "\n";
    ConfigLoadResult loaded = parseEventConfig(yaml, "fuzz.yaml");
    if (!loaded.ok()) {
      std::fprintf(stderr, "fuzz event: %s\n", loaded.errors.front().toString().c_str());
      std::abort();
    }
    return loaded.config;
  }();
  return config;
}

// A fresh directory for this process, removed when it exits normally.
inline const std::filesystem::path& scratchDir() {
  struct Scratch {
    std::filesystem::path path;
    Scratch() {
      std::string tmpl = (std::filesystem::temp_directory_path() / "hallcast-fuzz-XXXXXX").string();
      if (!mkdtemp(tmpl.data())) std::abort();
      path = tmpl;
    }
    ~Scratch() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

// Stops the fuzzer with `what` when a promise does not hold: libFuzzer
// saves the input that broke it.
[[noreturn]] inline void broken(const std::string& what) {
  std::fprintf(stderr, "promise broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace hallcast::fuzz
