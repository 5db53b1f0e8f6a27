#pragma once
// A stream of the durable log: one per room, and one for the event-wide
// sanctions. The stores know a stream by its name (StoredEvent::room_id);
// only this class knows the sanctions' name, which no room id can take
// (room ids are lowercase letters, digits and '-').

#include <compare>
#include <string>
#include <utility>

namespace hallcast {

class LogStream {
 public:
  static LogStream room(std::string room_id) { return LogStream(std::move(room_id)); }
  static LogStream sanctions() { return LogStream(kSanctionsName); }
  // The stream a stored name denotes.
  static LogStream named(std::string name) { return LogStream(std::move(name)); }

  bool isSanctions() const { return name_ == kSanctionsName; }
  // As the stores key it; a room's is its id.
  const std::string& name() const { return name_; }

  auto operator<=>(const LogStream&) const = default;

 private:
  static constexpr const char* kSanctionsName = "*";
  explicit LogStream(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

}  // namespace hallcast
