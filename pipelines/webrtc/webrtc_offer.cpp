#include "webrtc/webrtc_offer.h"

#include <gst/sdp/sdp.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <strings.h>

namespace hallcast {
namespace {

struct SdpMessageFree {
  void operator()(GstSDPMessage* message) const { gst_sdp_message_free(message); }
};

// ICE and DTLS parameters may sit at the session level or the media level
// (RFC 8839 §5.4, RFC 8842 §5), and a bundle-only m-line takes its
// transport's from the BUNDLE group's (RFC 8843 §7.2): any will do.
bool hasTransportAttribute(const GstSDPMessage* message, const char* key) {
  if (gst_sdp_message_get_attribute_val(message, key)) return true;
  for (guint i = 0; i < gst_sdp_message_medias_len(message); ++i) {
    if (gst_sdp_media_get_attribute_val(gst_sdp_message_get_media(message, i), key)) return true;
  }
  return false;
}

// The m-line's direction as the offerer says it: the media's own, else the
// session's; sendrecv when neither says (RFC 8866 §6.7).
std::string direction(const GstSDPMessage* message, const GstSDPMedia* media) {
  for (const char* d : {"sendrecv", "sendonly", "recvonly", "inactive"}) {
    if (gst_sdp_media_get_attribute_val(media, d)) return d;
  }
  for (const char* d : {"sendrecv", "sendonly", "recvonly", "inactive"}) {
    if (gst_sdp_message_get_attribute_val(message, d)) return d;
  }
  return "sendrecv";
}

// Whether the m-line goes the way `use` needs.
bool goesOurWay(const GstSDPMessage* message, const GstSDPMedia* media, OfferUse use) {
  const std::string d = direction(message, media);
  return d == "sendrecv" || d == (use == OfferUse::kPlay ? "recvonly" : "sendonly");
}

// The fmtp parameter `name` of payload `pt` ("" when absent).
std::string formatParameter(const GstSDPMedia* media, int pt, std::string_view name) {
  const std::string prefix = std::to_string(pt) + " ";
  for (guint i = 0;; ++i) {
    const char* fmtp = gst_sdp_media_get_attribute_val_n(media, "fmtp", i);
    if (!fmtp) return {};
    std::string_view line(fmtp);
    if (!line.starts_with(prefix)) continue;
    line.remove_prefix(prefix.size());
    while (!line.empty()) {
      const std::size_t end = line.find(';');
      std::string_view pair = line.substr(0, end);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
      if (end == std::string_view::npos) break;
      line.remove_prefix(end + 1);
    }
    return {};
  }
}

// The encoding name and clock rate of payload `pt` ("H264/90000").
std::string rtpmap(const GstSDPMedia* media, int pt) {
  const std::string prefix = std::to_string(pt) + " ";
  for (guint i = 0;; ++i) {
    const char* map = gst_sdp_media_get_attribute_val_n(media, "rtpmap", i);
    if (!map) return {};
    std::string_view line(map);
    if (line.starts_with(prefix)) return std::string(line.substr(prefix.size()));
  }
}

bool startsWithNoCase(const std::string& text, const char* prefix) {
  return strncasecmp(text.c_str(), prefix, std::strlen(prefix)) == 0;
}

// How much we like an offered H.264 profile: to send, the room's stream
// may use any profile up to High (feeds' encoders choose) and browsers
// decode every one whatever was negotiated, so the closest keeps the
// answer honest where the offer allows it; to receive, the room takes any,
// and the best picture is welcome. High first, then Main, Constrained
// Baseline, Baseline. -1: not an H.264 payload for us.
int h264Preference(const GstSDPMedia* media, int pt) {
  if (!startsWithNoCase(rtpmap(media, pt), "H264/90000")) return -1;
  // Mode 0 allows one NAL unit per packet: a keyframe slice does not fit.
  if (formatParameter(media, pt, "packetization-mode") != "1") return -1;
  const std::string profile = formatParameter(media, pt, "profile-level-id");
  if (profile.size() != 6) return 0;
  const long bits = std::strtol(profile.c_str(), nullptr, 16);
  const int idc = static_cast<int>(bits >> 16);
  const int constraints = static_cast<int>((bits >> 8) & 0xff);
  if (idc == 0x64) return 4;
  if (idc == 0x4d) return 3;
  if (idc == 0x42 && (constraints & 0x40)) return 2;
  if (idc == 0x42) return 1;
  return 0;
}

// The caps webrtcbin derives from the offer for `pt` (GstSDP names the
// H.264 profile from profile-level-id, as "profile"), with the
// profile-level-id the answer repeats.
std::string trackCaps(const GstSDPMedia* media, int pt, bool video) {
  GstCaps* caps = gst_sdp_media_get_caps_from_media(media, pt);
  GstStructure* from = caps ? gst_caps_get_structure(caps, 0) : nullptr;
  GstStructure* out = gst_structure_new("application/x-rtp", "media", G_TYPE_STRING, video ? "video" : "audio",
                                        "payload", G_TYPE_INT, pt, nullptr);
  if (from) {
    for (const char* field : {"encoding-name", "clock-rate", "encoding-params", "packetization-mode", "profile"}) {
      if (const GValue* value = gst_structure_get_value(from, field)) gst_structure_set_value(out, field, value);
    }
  }
  if (caps) gst_caps_unref(caps);
  if (const std::string level = formatParameter(media, pt, "profile-level-id"); video && !level.empty()) {
    gst_structure_set(out, "profile-level-id", G_TYPE_STRING, level.c_str(), nullptr);
  }
  gchar* text = gst_structure_to_string(out);
  std::string result(text);
  g_free(text);
  gst_structure_free(out);
  return result;
}

std::optional<OfferRefusal> checkTransport(const GstSDPMessage* message, const GstSDPMedia* media, unsigned index) {
  const std::string where = "m-line " + std::to_string(index) + " (" + gst_sdp_media_get_media(media) + ")";
  const char* proto = gst_sdp_media_get_proto(media);
  if (!proto || std::string_view(proto).find("SAVPF") == std::string_view::npos) {
    return OfferRefusal{400, where + " is not WebRTC media: its protocol must be UDP/TLS/RTP/SAVPF (got " +
                                 std::string(proto ? proto : "none") + ")"};
  }
  for (const char* key : {"ice-ufrag", "ice-pwd", "fingerprint"}) {
    if (!hasTransportAttribute(message, key)) {
      return OfferRefusal{400, where + " has no a=" + std::string(key) + " (RFC 8839, RFC 8842)"};
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<WebRtcOffer, OfferRefusal> readWebRtcOffer(std::string_view sdp, OfferUse use) {
  GstSDPMessage* raw = nullptr;
  gst_sdp_message_new(&raw);
  std::unique_ptr<GstSDPMessage, SdpMessageFree> message(raw);
  // GStreamer's parser accepts nearly anything; an SDP starts with its
  // version line (RFC 8866 §5).
  if (!sdp.starts_with("v=0") ||
      gst_sdp_message_parse_buffer(reinterpret_cast<const guint8*>(sdp.data()), static_cast<guint>(sdp.size()),
                                   message.get()) != GST_SDP_OK) {
    return OfferRefusal{400, "the body is not an SDP offer (RFC 8866: it starts with v=0)"};
  }
  const guint count = gst_sdp_message_medias_len(message.get());
  if (count == 0) return OfferRefusal{400, "the SDP offer has no m-line"};
  WebRtcOffer offer;
  for (guint i = 0; i < count; ++i) {
    const GstSDPMedia* media = gst_sdp_message_get_media(message.get(), i);
    const std::string kind = gst_sdp_media_get_media(media) ? gst_sdp_media_get_media(media) : "";
    const bool video = kind == "video";
    // Port 0 rejects an m-line, unless it is bundle-only (RFC 8843 §6).
    const bool rejected = gst_sdp_media_get_port(media) == 0 && !gst_sdp_media_get_attribute_val(media, "bundle-only");
    if ((!video && kind != "audio") || rejected || !goesOurWay(message.get(), media, use)) {
      continue;
    }
    if ((video && offer.video) || (!video && offer.audio)) continue;  // one of each
    int best_pt = -1;
    int best = -1;
    for (guint f = 0; f < gst_sdp_media_formats_len(media); ++f) {
      const int pt = std::atoi(gst_sdp_media_get_format(media, f));
      if (pt < 96 || pt > 127) continue;  // dynamic payload types only (RFC 3551 §3)
      const int preference = video ? h264Preference(media, pt)
                                   : (startsWithNoCase(rtpmap(media, pt), "opus/48000") ? 0 : -1);
      if (preference > best) {
        best = preference;
        best_pt = pt;
      }
    }
    if (best_pt < 0) continue;
    if (auto refused = checkTransport(message.get(), media, i)) return *refused;
    OfferedTrack track{i, best_pt, trackCaps(media, best_pt, video)};
    (video ? offer.video : offer.audio) = std::move(track);
  }
  if (!offer.video && !offer.audio) {
    return OfferRefusal{406, use == OfferUse::kPlay
                                 ? "the offer receives neither H.264 video (packetization-mode=1) nor Opus audio, "
                                   "the codecs hallcast sends"
                                 : "the offer sends neither H.264 video (packetization-mode=1) nor Opus audio, "
                                   "the codecs a room takes"};
  }
  return offer;
}

}  // namespace hallcast
