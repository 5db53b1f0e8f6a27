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
  GSource* tick = g_timeout_source_new(100);
  g_source_set_callback(
      tick,
      [](gpointer data) -> gboolean {
        auto* self = static_cast<MediaRuntime*>(data);
        const auto now = RoomPipeline::Clock::now();
        for (auto& room : self->rooms_) room->tick(now);
        return G_SOURCE_CONTINUE;
      },
      this, nullptr);
  g_source_attach(tick, context_);
  GSource* report = g_timeout_source_new(1000);
  g_source_set_callback(
      report,
      [](gpointer data) -> gboolean {
        auto* self = static_cast<MediaRuntime*>(data);
        const auto now = RoomPipeline::Clock::now();
        std::vector<RoomHealth> health;
        for (auto& room : self->rooms_) health.push_back(room->health(now));
        self->on_health_(std::move(health));
        return G_SOURCE_CONTINUE;
      },
      this, nullptr);
  g_source_attach(report, context_);

  g_main_loop_run(loop_);

  g_source_destroy(tick);
  g_source_unref(tick);
  g_source_destroy(report);
  g_source_unref(report);
  g_main_context_pop_thread_default(context_);
}

}  // namespace hallcast
