#include "media_runtime.h"

#include <spdlog/spdlog.h>

#include "gst/gst_util.h"

namespace hallcast {

MediaRuntime::MediaRuntime(std::vector<RoomMediaConfig> rooms, HealthCallback on_health)
    : configs_(std::move(rooms)), on_health_(std::move(on_health)) {
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
  g_main_context_invoke(
      context_,
      [](gpointer data) -> gboolean {
        auto* self = static_cast<MediaRuntime*>(data);
        for (auto& room : self->rooms_) room->stop();
        self->rooms_.clear();
        g_main_loop_quit(self->loop_);
        return G_SOURCE_REMOVE;
      },
      this);
  thread_.join();
}

void MediaRuntime::control(const std::string& room_id, FeedCommand command) {
  struct Call {
    MediaRuntime* self;
    std::string room_id;
    FeedCommand command;
  };
  g_main_context_invoke_full(
      context_, G_PRIORITY_DEFAULT,
      [](gpointer data) -> gboolean {
        auto* call = static_cast<Call*>(data);
        for (auto& room : call->self->rooms_) {
          if (room->config().room_id == call->room_id) room->control(call->command);
        }
        return G_SOURCE_REMOVE;
      },
      new Call{this, room_id, command}, [](gpointer data) { delete static_cast<Call*>(data); });
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

void MediaRuntime::run() {
  g_main_context_push_thread_default(context_);
  for (const RoomMediaConfig& config : configs_) {
    auto room = std::make_unique<RoomPipeline>(config, context_);
    try {
      room->start();
    } catch (const MediaError& e) {
      spdlog::error("room {}: media output cannot start: {}", config.room_id, e.what());
      continue;
    }
    rooms_.push_back(std::move(room));
  }
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
