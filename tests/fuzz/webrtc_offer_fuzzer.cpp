// Fuzzes the SDP offers WHEP players (anyone) and WHIP publishers POST:
// readWebRtcOffer must take any bytes, read either way, without crashing
// and either refuse them — 400 or 406 with a message — or name tracks
// webrtcbin can be built for: an m-line the offer has, a dynamic payload
// type (96–127), and caps GStreamer parses back for the right media.

#include <gst/gst.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "webrtc/webrtc_offer.h"

namespace {

void check(const hallcast::OfferedTrack& track, const char* media, std::string_view sdp) {
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = sdp.find("m=", at)) != std::string_view::npos; at += 2) ++lines;
  if (track.mline >= lines || track.payload < 96 || track.payload > 127) std::abort();
  GstCaps* caps = gst_caps_from_string(track.caps.c_str());
  if (!caps) std::abort();
  const char* named = gst_structure_get_string(gst_caps_get_structure(caps, 0), "media");
  if (!named || std::string(named) != media) std::abort();
  gst_caps_unref(caps);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const bool initialized = (gst_init(nullptr, nullptr), true);
  (void)initialized;
  const std::string_view sdp(reinterpret_cast<const char*>(data), size);
  for (const auto use : {hallcast::OfferUse::kPlay, hallcast::OfferUse::kPublish}) {
    const auto read = hallcast::readWebRtcOffer(sdp, use);
    if (const auto* refused = std::get_if<hallcast::OfferRefusal>(&read)) {
      if ((refused->status != 400 && refused->status != 406) || refused->message.empty()) std::abort();
      continue;
    }
    const auto& offer = std::get<hallcast::WebRtcOffer>(read);
    if (!offer.video && !offer.audio) std::abort();
    if (offer.video) check(*offer.video, "video", sdp);
    if (offer.audio) check(*offer.audio, "audio", sdp);
  }
  return 0;
}
