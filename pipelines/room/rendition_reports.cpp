#include "room/rendition_reports.h"

namespace hallcast {

void RenditionReports::set(const std::string& path, const HlsPosition& at) {
  // The last part listed: of the segment being written, or else the last
  // finished segment's last (none yet: nothing to report).
  uint64_t msn = at.openSequence();
  uint64_t part = 0;
  if (at.open_parts > 0) {
    part = at.open_parts - 1;
  } else if (!at.segment_parts.empty() && at.segment_parts.back() > 0) {
    msn -= 1;
    part = at.segment_parts.back() - 1;
  } else {
    return;
  }
  std::lock_guard lock(mutex_);
  last_[path] = {msn, part};
}

std::vector<RenditionReport> RenditionReports::others(const std::string& path) const {
  std::vector<RenditionReport> out;
  std::lock_guard lock(mutex_);
  for (const auto& [other, last] : last_) {
    if (other != path) out.push_back({relativeUri(path, other), last.first, last.second});
  }
  return out;
}

std::string relativeUri(const std::string& from, const std::string& to) {
  // The common directory prefix, then one ".." per directory of `from` below it.
  std::size_t common = 0;
  for (std::size_t i = 0; i < from.size() && i < to.size() && from[i] == to[i]; ++i) {
    if (from[i] == '/') common = i + 1;
  }
  std::string up;
  for (std::size_t i = common; i < from.size(); ++i) {
    if (from[i] == '/') up += "../";
  }
  return up + to.substr(common);
}

}  // namespace hallcast
