#include "media_runtime.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "gst/gst_util.h"

namespace hallcast {

MediaRuntime::MediaRuntime(std::vector<RoomMediaConfig> rooms, HealthCallback on_health, PlaylistCallback on_playlist,
                           WebRtcCallback on_webrtc)
    : configs_(std::move(rooms)),
      on_health_(std::move(on_health)),
      on_playlist_(std::move(on_playlist)),
      on_webrtc_(std::move(on_webrtc)) {
  ensureGstInitialized();
  context_ = g_main_context_new();
  loop_ = g_main_loop_new(context_, FALSE);
}

MediaRuntime::~MediaRuntime() {
  stop();
  g_main_loop_unref(loop_);
  g_main_context_unref(context_);
}

void MediaRuntime::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void MediaRuntime::stop() {
  if (!thread_.joinable()) return;
  // The loop thread tears the rooms down itself, then quits.
  post([this] {
    for (auto& room : rooms_) room->stop();
    rooms_.clear();
    g_main_loop_quit(loop_);
  });
  thread_.join();
}

RoomPipeline* MediaRuntime::find(const std::string& room_id) {
  for (auto& room : rooms_) {
    if (room->config().room_id == room_id) return room.get();
  }
  return nullptr;
}

void MediaRuntime::control(const std::string& room_id, FeedCommand command) {
  post([this, room_id, command] {
    if (RoomPipeline* room = find(room_id)) room->control(command);
  });
}

void MediaRuntime::addViewer(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                             const WebRtcOffer& tracks) {
  post([this, room_id, session_id, offer_sdp, tracks] {
    RoomPipeline* room = find(room_id);
    if (room && room->webrtc()) {
      room->webrtc()->addViewer(session_id, offer_sdp, tracks);
    } else if (on_webrtc_) {
      // The feed moved to another node meanwhile, or WebRTC is off.
      on_webrtc_(WebRtcEvent{room_id, session_id, WebRtcEvent::Kind::kRefused,
                             "the media of room \"" + room_id + "\" does not run on this node now"});
    }
  });
}

void MediaRuntime::publish(const std::string& room_id, const std::string& session_id, const std::string& offer_sdp,
                           const WebRtcOffer& tracks) {
  post([this, room_id, session_id, offer_sdp, tracks] {
    if (RoomPipeline* room = find(room_id)) {
      room->publish(session_id, offer_sdp, tracks);
    } else if (on_webrtc_) {
      on_webrtc_(WebRtcEvent{room_id, session_id, WebRtcEvent::Kind::kRefused,
                             "the media of room \"" + room_id + "\" does not run on this node now"});
    }
  });
}

void MediaRuntime::unpublish(const std::string& room_id, const std::string& session_id) {
  post([this, room_id, session_id] {
    if (RoomPipeline* room = find(room_id)) room->unpublish(session_id);
  });
}

void MediaRuntime::removeViewer(const std::string& room_id, const std::string& session_id) {
  post([this, room_id, session_id] {
    RoomPipeline* room = find(room_id);
    if (room && room->webrtc()) room->webrtc()->removeViewer(session_id, "the viewer left (DELETE)");
  });
}

void MediaRuntime::own(std::set<std::string> room_ids) {
  post([this, room_ids = std::move(room_ids)] { apply(room_ids); });
}

void MediaRuntime::post(std::function<void()> work) {
  // The work crosses through the queue (whose mutex ThreadSanitizer sees;
  // GLib's own locks it does not); an idle source wakes the media thread
  // to drain it. Not g_main_context_invoke, which runs the work on the
  // calling thread while the media thread has not acquired the context
  // yet (just after start()).
  posted_.push(std::move(work));
  GSource* idle = g_idle_source_new();
  g_source_set_priority(idle, G_PRIORITY_DEFAULT);
  g_source_set_callback(idle, &MediaRuntime::drainPosted, this, nullptr);
  g_source_attach(idle, context_);
  g_source_unref(idle);
}

gboolean MediaRuntime::drainPosted(gpointer self) {
  static_cast<MediaRuntime*>(self)->posted_.drain();
  return G_SOURCE_REMOVE;
}

GSource* MediaRuntime::every(guint ms, std::function<void()> work) {
  GSource* timer = g_timeout_source_new(ms);
  g_source_set_callback(
      timer,
      [](gpointer data) -> gboolean {
        (*static_cast<std::function<void()>*>(data))();
        return G_SOURCE_CONTINUE;
      },
      new std::function<void()>(std::move(work)),
      [](gpointer data) { delete static_cast<std::function<void()>*>(data); });
  g_source_attach(timer, context_);
  return timer;
}

void MediaRuntime::apply(const std::set<std::string>& room_ids) {
  std::erase_if(rooms_, [&](const std::unique_ptr<RoomPipeline>& room) {
    if (room_ids.contains(room->config().room_id)) return false;
    spdlog::info("room {}: this node stops ingesting its feed", room->config().room_id);
    room->stop();
    return true;
  });
  for (const RoomMediaConfig& config : configs_) {
    if (!room_ids.contains(config.room_id)) continue;
    const bool running = std::any_of(rooms_.begin(), rooms_.end(), [&](const std::unique_ptr<RoomPipeline>& room) {
      return room->config().room_id == config.room_id;
    });
    if (running) continue;
    auto room = std::make_unique<RoomPipeline>(config, context_, on_playlist_, on_webrtc_);
    try {
      room->start();
    } catch (const MediaError& e) {
      spdlog::error("room {}: media output cannot start: {}", config.room_id, e.what());
      continue;
    }
    rooms_.push_back(std::move(room));
  }
}

void MediaRuntime::run() {
  g_main_context_push_thread_default(context_);
  // Failover decisions ten times a second; health once a second.
  GSource* tick = every(100, [this] {
    const auto now = RoomPipeline::Clock::now();
    for (auto& room : rooms_) room->tick(now);
  });
  GSource* report = every(1000, [this] {
    const auto now = RoomPipeline::Clock::now();
    std::vector<RoomHealth> health;
    for (auto& room : rooms_) health.push_back(room->health(now));
    on_health_(std::move(health));
  });

  g_main_loop_run(loop_);

  for (GSource* timer : {tick, report}) {
    g_source_destroy(timer);
    g_source_unref(timer);
  }
  g_main_context_pop_thread_default(context_);
}

}  // namespace hallcast
