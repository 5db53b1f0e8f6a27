#pragma once
// Staff access in tests: the event's secret, and tokens minted the way an
// operator mints them (`hallcast token`).

#include <memory>
#include <string>
#include <vector>

#include "support/ws_client.h"

namespace hallcast::test {

inline const std::string kTestSecret = "test-secret-0123456789abcdef0123456789";

// The `access:` section with kTestSecret, to append to an event's YAML.
inline std::string accessYaml() { return "access:\n  secret: " + kTestSecret + "\n"; }

// Runs `hallcast token` against `config`; the token (the test fails if it
// cannot be minted).
std::string mintToken(const std::string& config, const std::string& role, const std::string& name,
                      const std::vector<std::string>& extra_args = {});

// A technician of `config`'s event on the hub at `port`, greeted with a
// token and watching health (the test fails if either is refused).
std::unique_ptr<WsClient> watchingTechnician(int port, const std::string& config);

// A technician's ControlFeed for `room` over `client`; the hub's answer.
v1::ServerEvent controlFeed(WsClient& client, const std::string& room, v1::FeedAction action);

}  // namespace hallcast::test
