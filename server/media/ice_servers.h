#pragma once
// The event's STUN/TURN servers (webrtc.ice_servers) in the two forms they
// are used in: webrtcbin's properties, and the Link headers that tell a WHEP
// player about them (draft-ietf-wish-whep §4.4, RFC 8288).

#include <string>
#include <vector>

#include "config/event_config.h"
#include "webrtc/webrtc_options.h"

namespace hallcast {

// What the media side's webrtcbins are given.
WebRtcOptions webRtcOptions(const WebRtcConfig& config);

// One Link header value per server, e.g.
// <turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p"; credential-type="password"
std::vector<std::string> iceServerLinks(const WebRtcConfig& config);

}  // namespace hallcast
