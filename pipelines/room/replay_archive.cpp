#include "room/replay_archive.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <system_error>

#include "room/replace_file.h"

namespace hallcast {
namespace {

constexpr const char* kPlaylist = "index.m3u8";

// Reads "<date-time ms>-<duration µs>[-d].ts".
bool parseName(const std::string& name, HlsSegment& out) {
  if (!name.ends_with(".ts")) return false;
  const std::string stem = name.substr(0, name.size() - 3);
  const char* p = stem.data();
  const char* end = p + stem.size();
  int64_t date_ms = 0;
  int64_t duration_us = 0;
  auto r = std::from_chars(p, end, date_ms);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != '-') return false;
  r = std::from_chars(r.ptr + 1, end, duration_us);
  if (r.ec != std::errc() || duration_us <= 0) return false;
  const std::string_view rest(r.ptr, static_cast<std::size_t>(end - r.ptr));
  if (!rest.empty() && rest != "-d") return false;
  out.uri = name;
  out.program_date_time_ms = date_ms;
  out.duration_ns = duration_us * 1000;
  out.discontinuity = rest == "-d";
  return true;
}

}  // namespace

std::string ReplayArchive::fileName(const HlsSegment& segment) {
  return std::to_string(segment.program_date_time_ms) + "-" + std::to_string(segment.duration_ns / 1000) +
         (segment.discontinuity ? "-d" : "") + ".ts";
}

std::vector<HlsSegment> ReplayArchive::scan(const std::filesystem::path& dir) {
  std::vector<HlsSegment> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    HlsSegment segment;
    if (entry.is_regular_file(ec) && parseName(entry.path().filename().string(), segment)) out.push_back(segment);
  }
  std::sort(out.begin(), out.end(),
            [](const HlsSegment& a, const HlsSegment& b) { return a.program_date_time_ms < b.program_date_time_ms; });
  return out;
}

uint64_t ReplayArchive::peakBitrateBps(const std::filesystem::path& dir) {
  uint64_t peak = 0;
  for (const HlsSegment& segment : scan(dir)) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(dir / segment.uri, ec);
    if (ec) continue;
    peak = std::max(peak, static_cast<uint64_t>(static_cast<double>(bytes) * 8e9 / static_cast<double>(segment.duration_ns)));
  }
  return peak;
}

ReplayArchive::ReplayArchive(std::string room_id, std::filesystem::path dir, SessionWindow session, int64_t now_ms)
    : room_id_(std::move(room_id)), dir_(std::move(dir)), session_(session) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) spdlog::warn("replay {}: cannot create {}: {}", room_id_, dir_.string(), ec.message());
  segments_ = scan(dir_);
  resumed_ = !segments_.empty();
  ended_ = now_ms >= session_.end_ms;
  if (ended_ && !segments_.empty()) write();
}

void ReplayArchive::add(const HlsSegment& segment, const std::filesystem::path& file) {
  if (ended_) return;
  if (segment.program_date_time_ms >= session_.end_ms) {
    ended_ = true;
    if (!segments_.empty()) write();
    spdlog::info("replay {}: the session is over: {} segments in {}", room_id_, segments_.size(), dir_.string());
    return;
  }
  if (segment.program_date_time_ms < session_.start_ms) return;
  HlsSegment kept = segment;
  kept.parts.clear();
  // The first segment after a restart does not continue the last one kept.
  kept.discontinuity = !segments_.empty() && (segment.discontinuity || resumed_);
  resumed_ = false;
  kept.uri = fileName(kept);
  std::error_code ec;
  std::filesystem::create_hard_link(file, dir_ / kept.uri, ec);
  if (ec) {
    // Another file system (or no links there): a copy.
    ec.clear();
    std::filesystem::copy_file(file, dir_ / kept.uri, std::filesystem::copy_options::overwrite_existing, ec);
  }
  if (ec) {
    spdlog::warn("replay {}: cannot keep {}: {}", room_id_, kept.uri, ec.message());
    return;
  }
  segments_.push_back(std::move(kept));
}

void ReplayArchive::write() const {
  std::error_code ec;
  if (!replaceFile(dir_ / kPlaylist, renderReplayPlaylist(segments_), ec)) {
    spdlog::warn("replay {}: cannot write its playlist: {}", room_id_, ec.message());
  }
}

}  // namespace hallcast
