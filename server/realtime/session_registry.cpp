#include "realtime/session_registry.h"

#include <algorithm>

#include "common/random_id.h"

namespace hallcast {

Session& SessionRegistry::add(Connection& connection, std::chrono::steady_clock::time_point now) {
  auto session = std::make_unique<Session>(connection, randomId("s"),
                                           TokenBucket(limits_.requests_per_second, limits_.request_burst, now),
                                           limits_.send_queue_bytes, now);
  Session& ref = *session;
  sessions_.emplace(&ref, std::move(session));
  ungreeted_.insert(&ref);
  ++metrics_.connections_accepted;
  return ref;
}

void SessionRegistry::remove(Session& session) {
  std::erase(closing_, &session);
  ungreeted_.erase(&session);
  sessions_.erase(&session);
}

Session* SessionRegistry::live(const SessionRef& ref) const {
  const auto it = sessions_.find(ref.session);
  if (it == sessions_.end() || it->second->session_id != ref.id || it->second->closing) return nullptr;
  return it->second.get();
}

void SessionRegistry::greeted(Session& session) {
  session.greeted = true;
  ungreeted_.erase(&session);
}

std::vector<Session*> SessionRegistry::lateForHello(std::chrono::steady_clock::time_point now,
                                                    std::chrono::seconds timeout) {
  std::vector<Session*> late;
  for (Session* session : ungreeted_) {
    if (now - session->connected_at >= timeout) late.push_back(session);
  }
  for (Session* session : late) ungreeted_.erase(session);
  return late;
}

void SessionRegistry::close(Session& session, uint16_t code, const std::string& reason) {
  if (session.closing) return;
  session.closing = true;
  session.queue.clear();
  closing_.push_back(&session);
  session.connection.close(code, reason);
}

std::vector<Session*> SessionRegistry::takeClosing() {
  std::vector<Session*> closing;
  closing.swap(closing_);
  return closing;
}

}  // namespace hallcast
