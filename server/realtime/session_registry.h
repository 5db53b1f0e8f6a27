#pragma once
// The sessions of the hub's connections: who is connected, who has not said
// Hello yet, and who the hub is closing. A continuation that answers later
// (after the store) finds its session again through a SessionRef. Loop
// thread only.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "config/event_config.h"
#include "metrics/metrics.h"
#include "realtime/session.h"

namespace hallcast {

// A session, as a continuation finds it again (see SessionRegistry::live).
struct SessionRef {
  Session* session = nullptr;
  std::string id;
};

class SessionRegistry {
 public:
  SessionRegistry(const Limits& limits, Metrics& metrics) : limits_(limits), metrics_(metrics) {}

  Session& add(Connection& connection, std::chrono::steady_clock::time_point now);
  // Forgets the session (the caller has taken it out of its rooms).
  void remove(Session& session);

  SessionRef ref(const Session& session) const { return {const_cast<Session*>(&session), session.session_id}; }
  // The session `ref` names, unless it went away or is closing meanwhile.
  Session* live(const SessionRef& ref) const;

  // Hello accepted.
  void greeted(Session& session);
  // The sessions connected `timeout` ago or more without a Hello; they are
  // no longer counted as waiting for one.
  std::vector<Session*> lateForHello(std::chrono::steady_clock::time_point now, std::chrono::seconds timeout);

  // Closes a session from the hub's side: it gets nothing more, and its
  // caller takes it out of its rooms after takeClosing().
  void close(Session& session, uint16_t code, const std::string& reason);
  std::vector<Session*> takeClosing();

  std::size_t size() const { return sessions_.size(); }
  template <typename F>
  void forEach(F&& f) const {
    for (const auto& [ptr, owned] : sessions_) f(*owned);
  }

 private:
  const Limits& limits_;
  Metrics& metrics_;
  std::unordered_map<Session*, std::unique_ptr<Session>> sessions_;
  std::vector<Session*> closing_;            // closed by the hub, still in their rooms
  std::unordered_set<Session*> ungreeted_;  // connected, no Hello yet
};

}  // namespace hallcast
