#pragma once
// What an elementary stream's caps say, as the feed pipeline needs it: a
// short codec name for health, the picture's format (whose change is a
// discontinuity), whether audio is in the room's on-air format, and which
// decoder takes the stream when it must be transcoded.

#include <gst/gst.h>

#include <string>

namespace hallcast {

// "h264", "aac", "mpeg2video"… (GStreamer's description for the rest).
std::string codecName(const GstCaps* caps);
// What a decoder is set up for: media type, size, profile, chroma, depth.
std::string pictureFormat(const GstCaps* caps);
// Whether AAC with `caps` is in the on-air format (feed_graph.h; false
// when they do not say).
bool isOnAirAudio(const GstCaps* caps);
// The best-ranked decoder factory for a parsed stream; MediaError if none.
std::string decoderFor(const GstCaps* caps);

}  // namespace hallcast
