#pragma once
// The live HLS media playlist of a room (RFC 8216): a sliding window of
// MPEG-TS segments with their program date-times and discontinuities. With
// a part target it is a Low-Latency HLS playlist (RFC 8216bis): the recent
// segments list their parts, the segment being written lists the parts it
// has so far and hints the next, and the server offers blocking reloads.
// Pure: the packager feeds it and writes render() to disk.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace hallcast {

// A partial segment (RFC 8216bis §4.4.4.9).
struct HlsPart {
  std::string uri;
  int64_t duration_ns = 0;
  bool independent = false;  // starts with a keyframe
};

struct HlsSegment {
  std::string uri;            // relative to the playlist, e.g. "seg00000042.ts"
  int64_t duration_ns = 0;
  int64_t program_date_time_ms = 0;  // wall clock of the first sample (Unix ms)
  bool discontinuity = false;        // encoding or timeline changes before it
  std::vector<HlsPart> parts;        // LL-HLS: what it was published as, in order
};

// Where a live LL-HLS playlist is, for answering blocking reloads
// (RFC 8216bis §6.2.5.2) without the playlist itself.
struct HlsPosition {
  uint64_t media_sequence = 0;          // of the first segment listed
  std::vector<uint32_t> segment_parts;  // parts of each finished segment listed
  uint32_t open_parts = 0;              // of the segment being written
  int64_t target_duration_ns = 0;
  int64_t part_target_ns = 0;
  std::string preload_hint;             // URI of the next part, once hinted

  // The Media Sequence Number of the segment being written.
  uint64_t openSequence() const { return media_sequence + segment_parts.size(); }
};

// Another rendition's last part (RFC 8216bis §4.4.5.4).
struct RenditionReport {
  std::string uri;  // its media playlist, relative to this one
  uint64_t last_msn = 0;
  uint64_t last_part = 0;
};

enum class ReloadState {
  kReady,   // the playlist has what was asked: answer now
  kWait,    // not yet: answer when it has, or after three target durations
  kTooFar,  // further ahead than a client may ask (400 Bad Request)
};

// RFC 8216bis §6.2.5.2: whether the playlist at `at` holds segment `msn`
// (part `part` of it, when given) or a later one.
ReloadState blockingReload(const HlsPosition& at, uint64_t msn, std::optional<uint64_t> part);

class HlsPlaylist {
 public:
  // `part_target_ns` 0: a plain RFC 8216 playlist, without parts.
  HlsPlaylist(int64_t target_duration_ns, std::size_t window, int64_t part_target_ns = 0)
      : target_ns_(target_duration_ns), window_(window), part_target_ns_(part_target_ns) {}

  // LL-HLS: a part of the segment being written; the first one opens it
  // with its program date-time and discontinuity. `next_uri`: the part
  // that follows, hinted to players (EXT-X-PRELOAD-HINT).
  void addPart(HlsPart part, int64_t segment_date_time_ms, bool segment_discontinuity, std::string next_uri);
  // Adds a finished segment (with the parts added since the previous one);
  // returns the URIs, the segments' and their parts', that left the window
  // (their files can be deleted once players no longer ask for them).
  std::vector<std::string> add(HlsSegment segment);

  // An output that follows another's cuts and began after it: its first
  // segment is the other's `media_sequence`th, after that many
  // discontinuities, so that both playlists number segments and
  // discontinuities alike. Before the first segment.
  void startAt(uint64_t media_sequence, uint64_t discontinuity_sequence) {
    media_sequence_ = media_sequence;
    discontinuity_sequence_ = discontinuity_sequence;
  }

  // `reports`: the room's other renditions (LL-HLS playlists only).
  std::string render(const std::vector<RenditionReport>& reports = {}) const;
  std::size_t size() const { return segments_.size(); }
  uint64_t mediaSequence() const { return media_sequence_; }
  HlsPosition position() const;

 private:
  int64_t targetSeconds() const;  // EXT-X-TARGETDURATION
  void renderParts(std::string& out, const std::vector<HlsPart>& parts) const;

  int64_t target_ns_;
  std::size_t window_;
  int64_t part_target_ns_;
  int64_t longest_part_ns_ = 0;  // PART-TARGET covers every part ever listed
  std::deque<HlsSegment> segments_;
  uint64_t media_sequence_ = 0;          // of the first segment listed
  uint64_t discontinuity_sequence_ = 0;  // discontinuities that left the window
  // The segment being written (LL-HLS).
  std::vector<HlsPart> open_parts_;
  int64_t open_date_time_ms_ = 0;
  bool open_discontinuity_ = false;
  std::string preload_hint_;
};

// One rung of a room's optional ladder: the on-air picture re-encoded at
// this height (width keeps the aspect) and video bitrate.
struct LadderRendition {
  uint32_t height = 0;
  uint32_t bitrate_kbps = 0;
};

// A variant of the master playlist (RFC 8216 §4.3.4.2).
struct HlsVariant {
  std::string uri;             // its media playlist, relative to the master
  uint64_t bandwidth_bps = 0;  // peak bitrate, required
  uint32_t width = 0;          // 0: RESOLUTION left out
  uint32_t height = 0;
  std::string video_codec;     // e.g. "avc1.64001e"; empty: CODECS left out
};

// An alternate audio rendition of the master playlist (RFC 8216 §4.3.4.1):
// the hall's own sound (no URI: it is in every variant's segments) or an
// interpretation channel's playlist.
struct HlsAudioRendition {
  std::string name;      // NAME, e.g. "English", "中文", "Original"
  std::string language;  // LANGUAGE (BCP 47); empty: left out
  std::string uri;       // relative to the master; empty: in the variants
  uint32_t channels = 0; // CHANNELS; 0: left out
  bool is_default = false;
};

// The master playlist listing `variants` in order; the audio is AAC-LC.
// With `audio`, each is in the group "aud", which every variant names.
std::string renderMasterPlaylist(const std::vector<HlsVariant>& variants,
                                 const std::vector<HlsAudioRendition>& audio = {});

// A whole recorded session as one VOD media playlist (a replay, written by
// ReplayArchive): every segment from the first, then EXT-X-ENDLIST
// (RFC 8216 §4.3.3.5).
std::string renderReplayPlaylist(const std::vector<HlsSegment>& segments);

// "avc1.PPCCLL" from the first SPS in an H.264 byte-stream access unit.
std::optional<std::string> avcCodecString(const uint8_t* data, std::size_t size);

// The width of a picture of `width`x`height` (pixel aspect `par_n`/`par_d`)
// scaled to `target_height` with square pixels, rounded to even.
uint32_t scaledEvenWidth(uint32_t width, uint32_t height, int par_n, int par_d, uint32_t target_height);

}  // namespace hallcast
