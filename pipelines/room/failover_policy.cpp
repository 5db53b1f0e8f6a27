#include "room/failover_policy.h"

namespace hallcast {

void FailoverPolicy::onData(SourceKind source, Clock::time_point now) {
  Flow& flow = flows_[static_cast<std::size_t>(source)];
  if (!flow.last || now - *flow.last > timeout_) flow.since = now;  // a new flow begins
  flow.last = now;
}

void FailoverPolicy::onLost(SourceKind source) { flows_[static_cast<std::size_t>(source)] = Flow{}; }

bool FailoverPolicy::flowing(SourceKind source, Clock::time_point now) const {
  const Flow& flow = flows_[static_cast<std::size_t>(source)];
  return flow.last && now - *flow.last <= timeout_;
}

bool FailoverPolicy::stalled(SourceKind source, Clock::time_point now) const {
  const Flow& flow = flows_[static_cast<std::size_t>(source)];
  return flow.last && now - *flow.last > stall_;
}

bool FailoverPolicy::steady(const Flow& flow, Clock::time_point now) const {
  return flow.last && now - *flow.last <= timeout_ && flow.since && now - *flow.since >= settle_;
}

SourceKind FailoverPolicy::choose(Clock::time_point now, bool has_backup) const {
  if (forced_ == SourceKind::kSlate) return SourceKind::kSlate;
  if (forced_ == SourceKind::kBackup) {
    return has_backup && steady(flows_[1], now) ? SourceKind::kBackup : SourceKind::kSlate;
  }
  if (steady(flows_[0], now)) return SourceKind::kLive;
  if (has_backup && steady(flows_[1], now)) return SourceKind::kBackup;
  return SourceKind::kSlate;
}

}  // namespace hallcast
