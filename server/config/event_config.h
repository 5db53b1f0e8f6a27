#pragma once
// The event configuration (config/event.yaml): the event, its rooms, and the
// limits the hub enforces. Loaded and validated by loadEventConfig().

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/redis_url.h"
#include "feeds/feed_uri.h"
#include "hallcast/v1/program.pb.h"
#include "room/hls_playlist.h"
#include "room/interpretation_config.h"

namespace hallcast {

struct LocalizedTitle {
  std::string en;
  std::string zh;
};

struct RoomConfig {
  std::string id;  // slug: [a-z0-9][a-z0-9-]*
  v1::RoomKind kind = v1::ROOM_KIND_UNSPECIFIED;
  LocalizedTitle title;
  int64_t start_unix_ms = 0;
  int64_t end_unix_ms = 0;
  FeedUri feed;                  // the hall feed; test:// when not configured
  std::optional<FeedUri> backup;  // taken when the feed fails, before the slate
  bool record = false;            // also record the output to MP4 files
  // Smaller renditions of the output, with a master playlist (0-4).
  std::vector<LadderRendition> ladder;
  // The language spoken in the hall (BCP 47); empty: not said.
  std::string language;
  // Simultaneous interpretation: an interpreter booth's audio feed per
  // language (0-8), each an alternate audio rendition.
  std::vector<InterpretationConfig> interpretation;
  // Only accredited press (press tokens) may ask questions here.
  bool press_only_questions = false;
  // False: no feed and no pipeline (a booth without a feed: chat only).
  bool media = true;
  // Set for a booth (kind ROOM_KIND_BOOTH), which the configuration lists
  // under its exhibition room (rooms[].booths) and which follows that
  // room's schedule.
  struct Booth {
    std::string parent;          // the exhibition room's id
    LocalizedTitle description;  // may be empty
    std::string logo;            // an image file (absolute once loaded); empty: none
  };
  std::optional<Booth> booth;
};

// When stream health becomes an alert for technicians (media.alerts).
struct AlertThresholds {
  uint32_t down_seconds = 3;          // the hall feed off air this long
  uint32_t silence_seconds = 10;      // its audio silent this long
  uint32_t black_seconds = 5;         // the picture on air black this long
  uint32_t bitrate_drop_percent = 25; // its bitrate below this share of the last 30 s, for 3 s
};

// The media path: ingest, packaging to HLS, failover.
struct MediaConfig {
  bool enabled = true;              // false: a chat-only hub, no pipelines
  uint32_t segment_ms = 2000;       // HLS target segment duration
  uint32_t playlist_segments = 6;   // segments listed in the live playlist
  uint32_t part_ms = 334;           // LL-HLS part target (RFC 8216bis); 0: plain HLS
  uint32_t feed_timeout_ms = 500;   // no data for this long: backup or slate
  // Snapshot and picture analysis (black detection) of each room: a 1080p
  // keyframe decoded this often costs ~1 % of a core per room every second.
  uint32_t snapshot_interval_ms = 5000;
  uint32_t recording_file_seconds = 1800;  // recorded rooms: a new MP4 file this often
  AlertThresholds alerts;
};

struct Limits {
  uint32_t max_frame_bytes = 64 * 1024;      // larger frames: close 1009
  uint32_t max_chat_chars = 500;              // after trimming
  double requests_per_second = 5;             // token bucket per connection
  uint32_t request_burst = 20;
  uint32_t send_queue_bytes = 4 * 1024 * 1024;  // per connection, then drop
  uint32_t replay_events = 1000;             // per room, for resume
  uint32_t recent_events = 50;               // sent on a first join
  uint32_t hello_timeout_seconds = 10;       // then a silent connection is closed
  // A connection is written at most once per this many ms: events in between
  // share one frame (fewer writes when a room is busy, at most this much
  // later). 0: at the end of each loop turn.
  uint32_t write_interval_ms = 0;
  // A WebSocket silent this long is pinged; one still silent twice as long
  // (no pong) is dropped: its link is dead.
  uint32_t ping_interval_seconds = 30;
  // WebSocket connections open at once from one IP address; more are
  // refused (429). A venue's attendees may share one address behind NAT;
  // behind a load balancer every connection has the balancer's: 0 turns
  // the limit off.
  uint32_t connections_per_ip = 1000;
};

enum class SyncMode { kNormal, kFull };

struct StorageConfig {
  // NORMAL survives a crash or kill -9 of the hub (WAL); FULL also survives
  // power loss, at the cost of an fsync per commit.
  SyncMode sync = SyncMode::kNormal;
};

// Staff access (tokens). The secret signs and checks staff tokens; the
// HALLCAST_SECRET environment variable, when set, takes precedence over the
// file. Empty: no staff tokens are accepted. Never logged.
struct AccessConfig {
  std::string secret;
  // Web origins besides the hub's own whose pages may open its WebSocket
  // and call its API ("https://forum.example.org"; "*": any). Clients that
  // send no Origin (not browsers) are not concerned.
  std::vector<std::string> allowed_origins;
};
// Shorter secrets are refused: HS256 wants at least its hash size.
inline constexpr std::size_t kMinSecretBytes = 32;

// What the event refuses in text people send (moderation). Reloaded on SIGHUP.
struct ModerationConfig {
  std::vector<std::string> blocked_words;  // see rooms/blocked_words.h for how they match
};
inline constexpr std::size_t kMaxBlockedWords = 1000;
inline constexpr std::size_t kMaxBlockedWordChars = 100;

// Cluster mode: several hub nodes share the room logs and votes in Redis.
// Absent from the file: one process with its embedded SQLite store.
struct ClusterConfig {
  std::optional<RedisAddress> redis;  // set: cluster mode
  std::string node_id;                // this node's name in the cluster
  // Where the other nodes and the HLS edges reach this node's HTTP
  // ("http://10.0.0.11:8080"): a room's HLS asked of another node is
  // redirected here while this node ingests the room's feed. Empty: made
  // from --listen (a wildcard address becomes the host's name).
  std::string advertise_url;
  bool enabled() const { return redis.has_value(); }
};

// The listener's TLS: both set, the hub's port speaks HTTPS and WSS only.
// Paths as written (relative ones are taken from the configuration file's
// directory).
struct TlsConfig {
  std::string cert_file;  // PEM certificate (chain)
  std::string key_file;   // PEM private key
  bool enabled() const { return !cert_file.empty(); }
};

// A STUN or TURN server WebRTC peers gather candidates with (RFC 7064,
// RFC 7065 URIs): given to the hub's webrtcbin and, in Link headers, to
// WHEP players (draft-ietf-wish-whep §4.4).
struct IceServer {
  std::string url;         // stun:HOST[:PORT], turn:HOST[:PORT][?transport=udp|tcp], turns:...
  std::string username;    // TURN only
  std::string credential;  // TURN only
};

// WebRTC egress (WHEP): sub-second playback for a few viewers per node.
struct WebRtcConfig {
  bool enabled = true;          // needs media.enabled
  uint32_t max_viewers = 50;    // per node (docs/benchmarks.md: 50 on time on one core); more: 503, HLS
  uint32_t max_viewers_per_address = 10;  // per client IP address; more: 429
  std::vector<IceServer> ice_servers;  // none: host candidates only (a LAN, loopback)
  uint16_t udp_port_min = 0;    // both set: ICE uses only these UDP ports
  uint16_t udp_port_max = 0;
};

struct EventConfig {
  std::string id;
  LocalizedTitle title;
  LocalizedTitle theme;
  std::string venue;
  std::string time_zone;  // IANA name, e.g. Asia/Shanghai
  std::vector<RoomConfig> rooms;
  Limits limits;
  StorageConfig storage;
  MediaConfig media;
  WebRtcConfig webrtc;
  AccessConfig access;
  ModerationConfig moderation;
  ClusterConfig cluster;
  TlsConfig tls;

  const RoomConfig* findRoom(std::string_view room_id) const;
};

// One problem in a configuration file, located for the person fixing it.
struct ConfigError {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
  std::string key;  // dotted path, e.g. rooms[2].schedule.end
  std::string message;

  std::string toString() const;  // "file:line:column: key: message"
};

struct ConfigLoadResult {
  EventConfig config;
  std::vector<ConfigError> errors;  // empty when the file is valid
  bool ok() const { return errors.empty(); }
};

ConfigLoadResult loadEventConfig(const std::string& path);
// Same as loadEventConfig, from text; `file` names it in errors.
ConfigLoadResult parseEventConfig(const std::string& text, const std::string& file);

}  // namespace hallcast
