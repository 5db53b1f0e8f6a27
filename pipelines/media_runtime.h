#pragma once
// The media thread: a GLib main loop that owns every room's pipelines —
// their state changes, bus watches, retry timers and failover ticks — and
// reports health once a second. GStreamer's streaming threads never touch
// sockets or room state: the health and playlist callbacks are the only
// ways out, and the server hands them to its event loop through its
// thread-safe queue.

#include <glib.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "room/room_pipeline.h"
#include "threads/loop_queue.h"

namespace hallcast {

class MediaRuntime {
 public:
  // Called on the media thread once a second with every room's health.
  using HealthCallback = std::function<void(std::vector<RoomHealth>)>;

  // `on_playlist`: every media playlist of every room, each time it
  // changes, on the output's streaming thread (hand it over, as health).
  // `on_webrtc`: what happens to WebRTC viewers, on any thread.
  MediaRuntime(std::vector<RoomMediaConfig> rooms, HealthCallback on_health, PlaylistCallback on_playlist = {},
               WebRtcCallback on_webrtc = {});
  ~MediaRuntime();
  MediaRuntime(const MediaRuntime&) = delete;
  MediaRuntime& operator=(const MediaRuntime&) = delete;

  // Starts the media thread, with no room's pipelines yet (see own()).
  void start();
  // Stops the pipelines and joins the media thread.
  void stop();

  // Any thread: the rooms whose feeds this process ingests from now on.
  // Pipelines of rooms newly named start, those of rooms no longer named
  // stop (a single hub names every room once; a cluster node the rooms
  // whose feed lease it holds). Names of rooms not configured are ignored.
  void own(std::set<std::string> room_ids);

  // Any thread: runs a technician's command on the room's pipelines, on the
  // media thread. Unknown rooms are ignored (the caller checks).
  void control(const std::string& room_id, FeedCommand command);

  // Any thread: a WHEP viewer of the room with its (checked) offer; the
  // answer, or why there is none, comes through `on_webrtc`.
  void addViewer(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                 const WebRtcOffer& tracks);
  // Any thread: ends a WHEP viewer (its `on_webrtc` kEnded follows).
  void removeViewer(const std::string& room_id, const std::string& session_id);
  // Any thread: a WHIP publisher's (checked) offer for a whip:// room's
  // feed; as addViewer.
  void publish(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
               const WebRtcOffer& tracks);
  // Any thread: lets a WHIP publisher go (its kEnded follows).
  void unpublish(const std::string& room_id, const std::string& session_id);

 private:
  void run();
  // Media thread: the room's pipeline when this node runs it, else null.
  RoomPipeline* find(const std::string& room_id);
  // On the media thread: starts and stops pipelines to match `room_ids`.
  void apply(const std::set<std::string>& room_ids);
  // Any thread: runs `work` on the media thread.
  void post(std::function<void()> work);
  // Media thread: runs what post() queued.
  static gboolean drainPosted(gpointer self);
  // A timer on the media thread running `work` every `ms` milliseconds.
  GSource* every(guint ms, std::function<void()> work);

  std::vector<RoomMediaConfig> configs_;
  HealthCallback on_health_;
  PlaylistCallback on_playlist_;
  WebRtcCallback on_webrtc_;
  GMainContext* context_ = nullptr;
  GMainLoop* loop_ = nullptr;
  std::thread thread_;
  std::vector<std::unique_ptr<RoomPipeline>> rooms_;  // media thread only
  LoopQueue posted_;  // work for the media thread
};

}  // namespace hallcast
