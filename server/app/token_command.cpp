#include "app/token_command.h"

#include <iostream>
#include <optional>
#include <regex>

#include "auth/access_token.h"
#include "auth/data_secret.h"
#include "config/event_config.h"

namespace hallcast {
namespace {

constexpr int kExitBadInput = 2;

int fail(const std::string& message) {
  std::cerr << "hallcast token: " << message << '\n';
  return kExitBadInput;
}

}  // namespace

int mintTokenCommand(const TokenOptions& options) {
  const ConfigLoadResult loaded = loadEventConfig(options.config_path);
  if (!loaded.ok()) {
    for (const auto& error : loaded.errors) std::cerr << error.toString() << '\n';
    return kExitBadInput;
  }
  EventConfig config = loaded.config;
  if (config.access.secret.empty()) {
    // The hub signs with the secret it made in its data directory.
    std::optional<std::string> own;
    try {
      own = loadDataSecret(options.data_dir);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    if (!own) {
      return fail("no secret: " + options.config_path + " sets no access.secret, HALLCAST_SECRET is unset and " +
                  dataSecretPath(options.data_dir).string() +
                  " does not exist (start the hub once with --data " + options.data_dir +
                  ", or pass the --data of the running hub)");
    }
    config.access.secret = std::move(*own);
  }
  AccessClaims claims;
  const auto role = tokenRoleFromName(options.role);
  if (!role) {
    return fail("--role must be moderator, technician, admin, press or exhibitor (got \"" + options.role + "\")");
  }
  claims.role = *role;
  if (claims.role == v1::ROLE_PRESS) {
    if (options.outlet.empty()) return fail("--outlet is required with --role press: the journalist's news outlet");
    if (options.outlet.size() > 100) return fail("--outlet must be at most 100 bytes");
  } else if (!options.outlet.empty()) {
    return fail("--outlet is for --role press only");
  }
  claims.outlet = options.outlet;
  if (claims.role == v1::ROLE_EXHIBITOR) {
    if (options.booth.empty()) return fail("--booth is required with --role exhibitor: the booth's id");
    const RoomConfig* booth = config.findRoom(options.booth);
    if (!booth || !booth->booth) return fail("--booth: the event has no booth \"" + options.booth + "\"");
    if (!options.rooms.empty()) return fail("--rooms is not for --role exhibitor: the token covers its booth");
  } else if (!options.booth.empty()) {
    return fail("--booth is for --role exhibitor only");
  }
  claims.name = options.name;
  if (claims.name.empty()) return fail("--name must not be empty");
  for (const std::string& room : options.rooms) {
    if (!config.findRoom(room)) return fail("--rooms: the event has no room \"" + room + "\"");
  }
  claims.rooms = options.booth.empty() ? options.rooms : std::vector<std::string>{options.booth};
  const auto ttl = parseTtl(options.ttl);
  if (!ttl) return fail("--ttl must be a number and a unit: 45s, 30m, 12h or 7d (got \"" + options.ttl + "\")");
  claims.expires = std::chrono::system_clock::now() + *ttl;
  static const std::regex kSubject("[A-Za-z0-9._-]{1,64}");
  if (!options.subject.empty() && !std::regex_match(options.subject, kSubject)) {
    return fail("--subject must be 1-64 letters, digits, '.', '_' or '-' (got \"" + options.subject + "\")");
  }
  claims.subject = options.subject;
  std::cout << mintAccessToken(config.access.secret, claims) << '\n';
  return 0;
}

}  // namespace hallcast
