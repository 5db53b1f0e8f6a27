#include "gst/one_shot_timer.h"

#include <algorithm>

namespace hallcast {

void OneShotTimer::start(GMainContext* context, std::chrono::milliseconds delay, std::function<void()> fire) {
  cancel();
  fire_ = std::move(fire);
  source_ = g_timeout_source_new(static_cast<guint>(std::max<std::chrono::milliseconds::rep>(delay.count(), 0)));
  g_source_set_callback(
      source_,
      [](gpointer data) -> gboolean {
        auto* self = static_cast<OneShotTimer*>(data);
        g_source_unref(self->source_);
        self->source_ = nullptr;
        // Moved out first: `fire` may start this timer again.
        std::function<void()> fire = std::move(self->fire_);
        fire();
        return G_SOURCE_REMOVE;
      },
      this, nullptr);
  g_source_attach(source_, context);
}

void OneShotTimer::cancel() {
  if (!source_) return;
  g_source_destroy(source_);
  g_source_unref(source_);
  source_ = nullptr;
}

}  // namespace hallcast
