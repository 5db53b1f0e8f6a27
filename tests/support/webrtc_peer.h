#pragma once
// What the tests' WebRTC peers (whep_player, whip_sender) do alike with
// their webrtcbin: make an offer with every candidate in it (no trickle
// ICE, as WHEP and WHIP use it), apply the hub's answer, say the state.

#include <gst/gst.h>

#include <string>

namespace hallcast::test {

// create-offer, set-local-description, wait for ICE gathering to complete;
// the local description's SDP text. Throws std::runtime_error.
std::string gatheredOffer(GstElement* webrtc);
// set-remote-description with `sdp` as the answer. Throws std::runtime_error.
void applyAnswer(GstElement* webrtc, const std::string& sdp);
// webrtcbin's connection-state, as its nick ("connected", "failed", ...).
std::string connectionState(GstElement* webrtc);

}  // namespace hallcast::test
