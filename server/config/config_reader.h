#pragma once
// Reads one YAML node of the event configuration into its typed field,
// recording every problem (file, line, key, message) instead of stopping at
// the first: the operator fixes the file in one go. `map` names the keys a
// section allows, once, so that a typo is reported rather than ignored.

#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "config/event_config.h"

namespace hallcast {

class ConfigReader {
 public:
  ConfigReader(std::string file, std::vector<ConfigError>& errors)
      : file_(std::move(file)), errors_(errors) {}

  void error(const YAML::Node& at, const std::string& key, std::string message) {
    ConfigError e;
    e.file = file_;
    const YAML::Mark mark = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    if (mark.line >= 0) {
      e.line = mark.line + 1;
      e.column = mark.column + 1;
    }
    e.key = key;
    e.message = std::move(message);
    errors_.push_back(std::move(e));
  }

  // True when `node` is a mapping whose keys are all in `allowed`; reports
  // each unknown key (a typo would otherwise be silently ignored).
  bool map(const YAML::Node& node, const std::string& key,
           std::initializer_list<const char*> allowed) {
    if (!node.IsMap()) {
      error(node, key, "must be a mapping");
      return false;
    }
    for (const auto& kv : node) {
      const std::string name = kv.first.Scalar();
      bool known = false;
      for (const char* a : allowed) known = known || name == a;
      if (!known) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(kv.first, join(key, name), "unknown key (expected one of: " + list + ")");
      }
    }
    return true;
  }

  std::optional<std::string> string(const YAML::Node& parent, const std::string& parent_key,
                                    const char* name, bool required) {
    const YAML::Node node = parent[name];
    const std::string key = join(parent_key, name);
    if (!node.IsDefined() || node.IsNull()) {
      if (required) error(parent, key, "is required");
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      error(node, key, "must be a string");
      return std::nullopt;
    }
    if (required && node.Scalar().empty()) {
      error(node, key, "must not be empty");
      return std::nullopt;
    }
    return node.Scalar();
  }

  void boolean(const YAML::Node& parent, const std::string& parent_key, const char* name, bool& out) {
    const YAML::Node node = parent[name];
    if (!node.IsDefined() || node.IsNull()) return;  // keep the default
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      error(node, join(parent_key, name), "must be true or false");
      return;
    }
    out = value;
  }

  template <typename T>
  void number(const YAML::Node& parent, const std::string& parent_key, const char* name,
              T min, T max, T& out) {
    const YAML::Node node = parent[name];
    if (!node.IsDefined() || node.IsNull()) return;  // keep the default
    const std::string key = join(parent_key, name);
    T value{};
    if (!node.IsScalar() || !YAML::convert<T>::decode(node, value)) {
      error(node, key, "must be a number");
      return;
    }
    if (value < min || value > max) {
      std::ostringstream msg;
      msg << "must be between " << min << " and " << max << " (got " << node.Scalar() << ")";
      error(node, key, msg.str());
      return;
    }
    out = value;
  }

  LocalizedTitle title(const YAML::Node& parent, const std::string& parent_key,
                       const char* name, bool required) {
    LocalizedTitle out;
    const YAML::Node node = parent[name];
    const std::string key = join(parent_key, name);
    if (!node.IsDefined() || node.IsNull()) {
      if (required) error(parent, key, "is required (with en and zh)");
      return out;
    }
    if (!map(node, key, {"en", "zh"})) return out;
    out.en = string(node, key, "en", true).value_or("");
    out.zh = string(node, key, "zh", true).value_or("");
    return out;
  }

  // An RFC 3339 time with an explicit offset, e.g. 2026-12-08T09:00:00+08:00.
  std::optional<int64_t> time(const YAML::Node& parent, const std::string& parent_key,
                              const char* name) {
    const auto text = string(parent, parent_key, name, true);
    if (!text) return std::nullopt;
    google::protobuf::Timestamp ts;
    if (!google::protobuf::util::TimeUtil::FromString(*text, &ts)) {
      error(parent[name], join(parent_key, name),
            "must be an RFC 3339 time with an offset, e.g. 2026-12-08T09:00:00+08:00 (got \"" +
                *text + "\")");
      return std::nullopt;
    }
    return google::protobuf::util::TimeUtil::TimestampToMilliseconds(ts);
  }

  static std::string join(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : parent + "." + name;
  }

 private:
  std::string file_;
  std::vector<ConfigError>& errors_;
};

}  // namespace hallcast
