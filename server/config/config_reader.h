#pragma once
// Reads the YAML of the event configuration into its typed fields, recording
// every problem (file, line, key, message) instead of stopping at the first:
// the operator fixes the file in one go. A section names each of its keys
// once, in the call that reads it (ConfigSection), and the keys so named are
// the ones it allows: a key cannot be allowed and not read, or the reverse,
// and a typo is reported rather than ignored.

#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
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

  // A problem with no place in the file (a file it names is missing, say).
  void error(const std::string& key, std::string message) { error(YAML::Node(), key, std::move(message)); }

  static std::string join(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : parent + "." + name;
  }

 private:
  std::string file_;
  std::vector<ConfigError>& errors_;
};

// One value of the file, given or not: where it is, and its dotted path for
// messages (rooms[2].schedule.end).
class ConfigKey {
 public:
  // The file's top.
  ConfigKey(ConfigReader& r, const YAML::Node& top) : ConfigKey(r, top, top, "", true) {}
  // `node` absent: a null node. `in_mapping` false: its section is not a
  // mapping (already reported), so nothing is required of it.
  ConfigKey(ConfigReader& r, YAML::Node parent, YAML::Node node, std::string path, bool in_mapping)
      : r_(&r), parent_(std::move(parent)), node_(std::move(node)), path_(std::move(path)), in_mapping_(in_mapping) {}
  ConfigKey(const ConfigKey&) = default;
  ConfigKey(ConfigKey&&) = default;
  // Assigning a YAML::Node writes into the document: never done here.
  ConfigKey& operator=(const ConfigKey&) = delete;
  ConfigKey& operator=(ConfigKey&&) = delete;

  bool given() const { return node_.IsDefined() && !node_.IsNull(); }
  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  ConfigReader& reader() const { return *r_; }

  // The i-th entry of this list (rooms[2]); i < node().size().
  ConfigKey operator[](std::size_t i) const {
    return ConfigKey(*r_, node_, node_[i], path_ + "[" + std::to_string(i) + "]", true);
  }

  // A problem with the value, reported where it is.
  void error(std::string message) const { r_->error(node_, path_, std::move(message)); }
  // A problem reported at the mapping holding the key: the key is missing,
  // or the problem is the entry's as a whole.
  void errorAtParent(std::string message) const { r_->error(parent_, path_, std::move(message)); }

  std::optional<std::string> string(bool required = false) const {
    if (!given()) {
      if (required && in_mapping_) errorAtParent("is required");
      return std::nullopt;
    }
    if (!node_.IsScalar()) {
      error("must be a string");
      return std::nullopt;
    }
    if (required && node_.Scalar().empty()) {
      error("must not be empty");
      return std::nullopt;
    }
    return node_.Scalar();
  }

  void boolean(bool& out) const {
    if (!given()) return;  // keep the default
    bool value = false;
    if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, value)) {
      error("must be true or false");
      return;
    }
    out = value;
  }

  template <typename T>
  void number(T min, T max, T& out) const {
    if (!given()) return;  // keep the default
    T value{};
    if (!node_.IsScalar() || !YAML::convert<T>::decode(node_, value)) {
      error("must be a number");
      return;
    }
    if (value < min || value > max) {
      std::ostringstream msg;
      msg << "must be between " << min << " and " << max << " (got " << node_.Scalar() << ")";
      error(msg.str());
      return;
    }
    out = value;
  }

  // An RFC 3339 time with an explicit offset, e.g. 2026-12-08T09:00:00+08:00.
  std::optional<int64_t> time() const {
    const auto text = string(true);
    if (!text) return std::nullopt;
    google::protobuf::Timestamp ts;
    if (!google::protobuf::util::TimeUtil::FromString(*text, &ts)) {
      error("must be an RFC 3339 time with an offset, e.g. 2026-12-08T09:00:00+08:00 (got \"" + *text + "\")");
      return std::nullopt;
    }
    return google::protobuf::util::TimeUtil::TimestampToMilliseconds(ts);
  }

 private:
  ConfigReader* r_;
  YAML::Node parent_;
  YAML::Node node_;
  std::string path_;
  bool in_mapping_;
};

// One mapping of the file. key(name) — or string, boolean, number, title,
// section — names a key of it and gives (or reads) its value; finish()
// then reports each key of the mapping not named, with the list of those
// that were. A section that is absent or not a mapping reads nothing.
class ConfigSection {
 public:
  // `at` must be a mapping (the file's top, an entry of a list).
  explicit ConfigSection(ConfigKey at) : at_(std::move(at)), ok_(at_.node().IsMap()) {
    if (!ok_) at_.error("must be a mapping");
  }

  bool given() const { return at_.given(); }
  bool ok() const { return ok_; }
  const ConfigKey& at() const { return at_; }

  ConfigKey key(const char* name) {
    for (const char* d : declared_) {
      // A second reading would mean two places to keep in step.
      if (std::string(d) == name) throw std::logic_error("configuration key read twice: " + path(name));
    }
    declared_.push_back(name);
    const YAML::Node found = ok_ ? at_.node()[name] : YAML::Node();
    // Absent: a null node, which (unlike yaml-cpp's undefined one) can be asked its type.
    return ConfigKey(at_.reader(), at_.node(), found.IsDefined() ? found : YAML::Node(), path(name), ok_);
  }

  // The mapping under `name`; absent, it reads nothing, and `if_absent`
  // (e.g. "is required") is reported when given.
  ConfigSection section(const char* name, const char* if_absent = nullptr) {
    ConfigKey k = key(name);
    if (k.given()) return ConfigSection(std::move(k));
    if (if_absent && ok_) k.errorAtParent(if_absent);
    return ConfigSection(std::move(k), Absent{});
  }

  std::optional<std::string> string(const char* name, bool required = false) { return key(name).string(required); }
  void boolean(const char* name, bool& out) { key(name).boolean(out); }
  template <typename T>
  void number(const char* name, T min, T max, T& out) {
    key(name).number(min, max, out);
  }

  // {en: …, zh: …}, both required.
  LocalizedTitle title(const char* name, bool required) {
    ConfigSection s = section(name, required ? "is required (with en and zh)" : nullptr);
    LocalizedTitle out;
    out.en = s.string("en", true).value_or("");
    out.zh = s.string("zh", true).value_or("");
    s.finish();
    return out;
  }

  void finish() {
    if (!ok_) return;
    for (const auto& kv : at_.node()) {
      const std::string name = kv.first.Scalar();
      bool known = false;
      for (const char* d : declared_) known = known || name == d;
      if (known) continue;
      std::string list;
      for (const char* d : declared_) list += (list.empty() ? "" : ", ") + std::string(d);
      at_.reader().error(kv.first, path(name), "unknown key (expected one of: " + list + ")");
    }
  }

 private:
  struct Absent {};
  ConfigSection(ConfigKey at, Absent) : at_(std::move(at)), ok_(false) {}

  std::string path(const std::string& name) const { return ConfigReader::join(at_.path(), name); }

  ConfigKey at_;
  bool ok_;
  std::vector<const char*> declared_;
};

}  // namespace hallcast
