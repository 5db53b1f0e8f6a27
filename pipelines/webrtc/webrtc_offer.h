#pragma once
// What hallcast exchanges with a WebRTC peer, read from the peer's SDP
// offer (RFC 8866; WebRTC's use of it, RFC 8829 / JSEP): the m-line and
// payload type of H.264 and of Opus — what a WHEP viewer receives (the
// room's video as it is, its audio as Opus) or a WHIP publisher sends (the
// room takes H.264 without transcoding it; Opus becomes AAC). Pure: no
// pipeline is built here, so that a bad offer is refused with a precise
// message before webrtcbin sees it (webrtcbin 1.22 aborts the process on
// some offers it cannot match, rather than failing).

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hallcast {

// One track of the answer.
struct OfferedTrack {
  unsigned mline = 0;   // index of the offer's m-line it answers
  int payload = -1;     // the payload type the offer gave the codec
  // The RTP caps webrtcbin matches the offer's codec with (media,
  // encoding-name, clock-rate, payload and the codec's format parameters
  // as webrtcbin reads them from the offer), in GstCaps text form: the
  // payloader's caps are set to them, so that they match whatever profile
  // the room's encoder chose.
  std::string caps;
};

struct WebRtcOffer {
  std::optional<OfferedTrack> video;  // H.264, packetization-mode 1
  std::optional<OfferedTrack> audio;  // Opus
};

// The tracks to answer `sdp` with, or why it cannot be answered (a message
// for the client: the HTTP status is 400 or, when no codec fits, 406).
struct OfferRefusal {
  int status = 400;
  std::string message;
};
// kPlay: the peer receives (WHEP; its m-lines recvonly or sendrecv);
// kPublish: the peer sends (WHIP; sendonly or sendrecv).
enum class OfferUse { kPlay, kPublish };
std::variant<WebRtcOffer, OfferRefusal> readWebRtcOffer(std::string_view sdp, OfferUse use = OfferUse::kPlay);

}  // namespace hallcast
