// Fuzzes the event configuration's loader (yaml-cpp, then hallcast's
// checks) with any text. Promises checked: it does not crash or hang; a
// file it refuses gets at least one error that names the file and says
// what is wrong; a file it accepts has what the hub relies on (rooms with
// unique slug ids, sane limits, a secret long enough when one is set).

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "config/event_config.h"
#include "fuzz_event.h"

namespace hallcast::fuzz {
namespace {

bool slug(const std::string& id) {
  if (id.empty() || id.front() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void checkAccepted(const EventConfig& config) {
  if (config.rooms.empty()) broken("an event without rooms was accepted");
  std::set<std::string> ids;
  for (const RoomConfig& room : config.rooms) {
    if (!slug(room.id)) broken("room id \"" + room.id + "\" is not a slug");
    if (!ids.insert(room.id).second) broken("room id \"" + room.id + "\" twice");
    if (room.end_unix_ms < room.start_unix_ms) broken("room " + room.id + " ends before it starts");
    if (config.findRoom(room.id) == nullptr) broken("findRoom misses " + room.id);
  }
  const Limits& limits = config.limits;
  if (limits.max_frame_bytes == 0 || limits.max_chat_chars == 0 || limits.request_burst == 0 ||
      !(limits.requests_per_second > 0)) {
    broken("a zero limit was accepted");
  }
  if (!config.access.secret.empty() && config.access.secret.size() < kMinSecretBytes) {
    broken("a short secret was accepted");
  }
}

}  // namespace
}  // namespace hallcast::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace hallcast;
  const ConfigLoadResult result = parseEventConfig(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (result.ok()) {
    fuzz::checkAccepted(result.config);
    return 0;
  }
  for (const ConfigError& error : result.errors) {
    if (error.message.empty()) fuzz::broken("an error without a message: " + error.toString());
    if (error.toString().rfind("fuzz.yaml", 0) != 0) fuzz::broken("an error that does not name the file: " + error.toString());
  }
  return 0;
}
