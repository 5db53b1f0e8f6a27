#pragma once
// How the WebRTC publisher reaches viewers: the ICE servers webrtcbin
// gathers candidates with (host candidates are always gathered) and the
// UDP ports it may use.

#include <cstdint>
#include <string>
#include <vector>

namespace hallcast {

struct WebRtcOptions {
  // webrtcbin's forms: "stun://host:port", "turn://user:password@host:port"
  // (or turns://, ?transport=tcp).
  std::string stun_server;
  std::vector<std::string> turn_servers;
  // UDP ports for ICE candidates; 0, 0: any (the operator's firewall
  // decides: open this range).
  uint16_t min_port = 0;
  uint16_t max_port = 0;
  // A viewer whose connection is not up this long after its answer is
  // dropped (it never came, or its ICE failed).
  uint32_t connect_timeout_ms = 15000;
};

}  // namespace hallcast
