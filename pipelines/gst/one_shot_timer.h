#pragma once
// A one-shot timer on a GMainContext: how a failed source is started again
// after its backoff. Cancelled when re-armed or destroyed.
//
// Threads: the thread that runs `context` (the media thread) only.

#include <glib.h>

#include <chrono>
#include <functional>

namespace hallcast {

class OneShotTimer {
 public:
  OneShotTimer() = default;
  ~OneShotTimer() { cancel(); }
  OneShotTimer(const OneShotTimer&) = delete;
  OneShotTimer& operator=(const OneShotTimer&) = delete;

  // `fire` runs once on `context`, `delay` from now, unless cancelled first.
  void start(GMainContext* context, std::chrono::milliseconds delay, std::function<void()> fire);
  void cancel();
  bool pending() const { return source_ != nullptr; }

 private:
  GSource* source_ = nullptr;
  std::function<void()> fire_;
};

}  // namespace hallcast
