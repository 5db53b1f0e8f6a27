#include "room/hls_output.h"

#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "gst/gst_util.h"
#include "room/replace_file.h"
#include "room/replay_archive.h"

namespace hallcast {
namespace {

// A follower cuts what it holds anyway once it holds this much: its leader
// has stalled, and listeners should not.
constexpr int64_t kMaxHoldNs = 5'000'000'000;

int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

HlsOutput::HlsOutput(std::string room_id, std::filesystem::path dir, std::string path, HlsTiming timing,
                     GMainContext* context, PlaylistCallback on_playlist)
    : room_id_(std::move(room_id)),
      dir_(std::move(dir)),
      path_(std::move(path)),
      context_(context),
      on_playlist_(std::move(on_playlist)),
      timing_(timing),
      segmenter_(0, 0),
      playlist_(0, 0) {}

HlsOutput::~HlsOutput() { stop(); }

void HlsOutput::start() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);  // segments of an earlier run mean nothing now
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw MediaError("cannot create " + dir_.string() + ": " + ec.message());
  // File names carry the output's start time, so a name is never reused
  // across restarts and segments and parts can be cached for good.
  name_prefix_ = std::to_string(nowUnixMs() / 1000) + "-";
  // Without parts, the segmenter's parts are whole segments.
  segmenter_ = TsSegmenter(int64_t{timing_.segment_ms} * 1'000'000,
                           int64_t{timing_.part_ms > 0 ? timing_.part_ms : 10 * timing_.segment_ms} * 1'000'000);
  playlist_ = HlsPlaylist(int64_t{timing_.segment_ms} * 1'000'000, timing_.window, int64_t{timing_.part_ms} * 1'000'000);
  if (leader_) segmenter_.follow();
  next_segment_ = next_part_ = segment_bytes_ = 0;
  retired_.clear();
  held_.clear();
  {
    std::lock_guard lock(follow_mutex_);
    leader_cuts_.clear();
    leader_time_ = -1;
  }

  pipeline_ = gst_pipeline_new(("output-" + room_id_).c_str());
  // A follower carries audio only.
  sources_[0] = leader_ ? nullptr : makeAppSource("video");
  sources_[1] = makeAppSource("audio");
  GstElement* muxer = makeElement("mpegtsmux");
  // mpegtsmux stamps its packets with its input's running time less that
  // of its first packet, unless its output starts there: then the packets'
  // times are the input's own, where the room's splits, the leader's
  // boundaries and the date-times are.
  gst_util_set_object_arg(G_OBJECT(muxer), "start-time-selection", "first");
  sink_ = makeElement("appsink");
  // Timed packets (one per buffer as mpegtsmux writes them); the appsink
  // takes them as they come.
  g_object_set(sink_, "sync", FALSE, "emit-signals", TRUE, "max-buffers", 0, nullptr);
  g_signal_connect(sink_, "new-sample", G_CALLBACK(onMuxed), this);
  gst_bin_add_many(GST_BIN(pipeline_), sources_[1], muxer, sink_, nullptr);
  if (sources_[0]) gst_bin_add(GST_BIN(pipeline_), sources_[0]);
  if ((sources_[0] && !gst_element_link_pads(sources_[0], "src", muxer, "sink_%d")) ||
      !gst_element_link_pads(sources_[1], "src", muxer, "sink_%d") || !gst_element_link(muxer, sink_)) {
    throw MediaError("cannot link the HLS output of " + room_id_);
  }
  bus_watch_ = addBusWatch(pipeline_, onBus, this, context_);
  if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw MediaError("cannot start the HLS output of " + room_id_);
  }
}

void HlsOutput::stop() {
  removeBusWatch(bus_watch_);
  if (pipeline_) {
    stopAfterEos(pipeline_, {sources_[0], sources_[1]});
    pipeline_ = nullptr;
    sources_[0] = sources_[1] = sink_ = nullptr;
    if (on_playlist_) on_playlist_(PlaylistUpdate{path_, "", {}});
  }
  gst_caps_replace(&caps_[0], nullptr);
  gst_caps_replace(&caps_[1], nullptr);
}

void HlsOutput::follow(HlsOutput* leader) {
  leader_ = leader;
  time_base_ = leader;
  leader->followers_.push_back(this);
}

void HlsOutput::push(Track track, GstBuffer* buffer, GstCaps* caps) {
  const int t = static_cast<int>(track);
  if (!sources_[t]) {
    gst_buffer_unref(buffer);  // video for an audio-only output
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (first_pts_ < 0) {
      first_pts_ = toNs(GST_BUFFER_PTS(buffer));
      first_unix_ms_ = nowUnixMs();
    }
    // The muxer needs the stream's full caps (AAC: rate and channels), and
    // they may change when another source goes on air.
    updateAppSourceCaps(sources_[t], caps_[t], caps);
  }
  gst_app_src_push_buffer(GST_APP_SRC(sources_[t]), buffer);
}

void HlsOutput::splitAt(int64_t running_time) {
  std::lock_guard lock(mutex_);
  pending_discontinuities_.push_back(running_time);
}

int64_t HlsOutput::runningTimeNow() const {
  if (!pipeline_) return 0;
  const GstClockTime t = gst_element_get_current_running_time(pipeline_);
  return GST_CLOCK_TIME_IS_VALID(t) ? static_cast<int64_t>(t) : 0;
}

gboolean HlsOutput::onBus(GstBus*, GstMessage* message, gpointer data) {
  auto* self = static_cast<HlsOutput*>(data);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR || GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    spdlog::warn("output {}: {}", self->room_id_, describeBusError(message));
  }
  return G_SOURCE_CONTINUE;
}

GstFlowReturn HlsOutput::onMuxed(GstElement* sink, gpointer data) {
  auto* self = static_cast<HlsOutput*>(data);
  GstSample* sample = nullptr;
  g_signal_emit_by_name(sink, "pull-sample", &sample);
  if (!sample) return GST_FLOW_EOS;
  GstBuffer* buffer = gst_sample_get_buffer(sample);
  GstMapInfo map;
  if (buffer && gst_buffer_map(buffer, &map, GST_MAP_READ)) {
    // The muxer stamps each packet with the decode time of what it carries.
    const int64_t time = toNs(GST_BUFFER_PTS(buffer));
    if (time >= 0) self->last_time_ns_ = time;
    if (self->leader_) {
      self->held_.emplace_back(self->last_time_ns_, std::string(reinterpret_cast<const char*>(map.data), map.size));
      self->releaseHeld();
    } else {
      self->segment(map.data, map.size, self->last_time_ns_);
    }
    gst_buffer_unmap(buffer, &map);
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

void HlsOutput::segment(const uint8_t* data, std::size_t size, int64_t time_ns) {
  {
    std::lock_guard lock(mutex_);
    for (int64_t t : pending_discontinuities_) segmenter_.splitAt(t);
    pending_discontinuities_.clear();
  }
  for (std::size_t at = 0; at + kTsPacketSize <= size; at += kTsPacketSize) {
    if (auto cut = segmenter_.push(data + at, time_ns)) publish(*cut);
  }
  // Where this output began parts, for its followers (taken even without
  // followers: they would pile up).
  std::vector<TsBoundary> boundaries = segmenter_.takeBoundaries();
  for (HlsOutput* follower : followers_) follower->leaderAdvanced(boundaries, time_ns);
}

void HlsOutput::leaderAdvanced(const std::vector<TsBoundary>& boundaries, int64_t time_ns) {
  std::lock_guard lock(follow_mutex_);
  leader_cuts_.insert(leader_cuts_.end(), boundaries.begin(), boundaries.end());
  leader_time_ = std::max(leader_time_, time_ns);
}

void HlsOutput::releaseHeld() {
  int64_t leader_time = -1;
  {
    std::lock_guard lock(follow_mutex_);
    for (const TsBoundary& b : leader_cuts_) segmenter_.cutAt(b);
    leader_cuts_.clear();
    leader_time = leader_time_;
  }
  // Every boundary up to the leader's time is known: what this output holds
  // up to there can be cut.
  while (!held_.empty() &&
         (held_.front().first <= leader_time || held_.back().first - held_.front().first > kMaxHoldNs)) {
    const auto& [time, bytes] = held_.front();
    segment(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), time);
    held_.pop_front();
  }
}

std::string HlsOutput::partName(uint64_t n) const { return name_prefix_ + "p" + std::to_string(n) + ".ts"; }

int64_t HlsOutput::dateTimeMs(int64_t running_time) const {
  const HlsOutput& base = time_base_ ? *time_base_ : *this;
  std::lock_guard lock(base.mutex_);
  return base.first_unix_ms_ + (running_time - base.first_pts_) / 1'000'000;
}

void HlsOutput::publish(const TsCut& cut) {
  const bool low_latency = timing_.part_ms > 0;
  if (leader_ && next_segment_ == 0 && next_part_ == 0) {
    // A follower's first cut: its first segment is the leader's Nth.
    next_segment_ = segmenter_.skippedSegments();
    playlist_.startAt(next_segment_, segmenter_.skippedDiscontinuities());
  }
  char number[16];
  std::snprintf(number, sizeof number, "%06llu", static_cast<unsigned long long>(next_segment_));
  const std::string segment_name = name_prefix_ + number + ".ts";
  auto segment_tmp = dir_ / segment_name;
  segment_tmp += ".tmp";
  {
    // The segment is its parts, one after the other.
    std::ofstream out(segment_tmp, std::ios::binary | std::ios::app);
    out << cut.part_bytes;
    if (!out) spdlog::warn("output {}: cannot write {}", room_id_, segment_tmp.string());
  }
  segment_bytes_ += cut.part_bytes.size();
  const int64_t segment_date_ms = dateTimeMs(cut.segment_start_ns);
  const bool discontinuity = cut.segment_discontinuity && next_segment_ > 0;
  if (low_latency) {
    const std::string part_name = partName(next_part_++);
    std::error_code ec;
    if (!replaceFile(dir_ / part_name, cut.part_bytes, ec)) spdlog::warn("output {}: cannot write {}", room_id_, part_name);
    playlist_.addPart({part_name, cut.part_duration_ns, cut.part_independent}, segment_date_ms, discontinuity,
                      partName(next_part_));
  }
  if (cut.segment_ended) {
    std::error_code ec;
    std::filesystem::rename(segment_tmp, dir_ / segment_name, ec);
    if (ec) spdlog::warn("output {}: cannot write {}: {}", room_id_, segment_name, ec.message());
    HlsSegment segment;
    segment.uri = segment_name;
    segment.duration_ns = cut.segment_duration_ns;
    segment.discontinuity = discontinuity;
    segment.program_date_time_ms = segment_date_ms;
    // Short segments (cut early at a switch) would overstate it: left out.
    if (segment.duration_ns >= static_cast<int64_t>(timing_.segment_ms) * 500'000) {
      const auto bps = static_cast<uint64_t>(static_cast<double>(segment_bytes_) * 8e9 /
                                             static_cast<double>(segment.duration_ns));
      if (bps > peak_bps_) peak_bps_ = bps;
    }
    segment_bytes_ = 0;
    ++next_segment_;
    if (archive_ && !ec) archive_->add(segment, dir_ / segment_name);
    std::vector<std::string> removed = playlist_.add(std::move(segment));
    if (!removed.empty()) retired_.push_back(std::move(removed));
    // A player that read the previous playlist may still fetch a segment
    // (or part) that just left it: files go a whole window after leaving
    // the playlist (RFC 8216bis §6.2.2 asks three target durations).
    while (retired_.size() > playlist_.size()) {
      for (const std::string& name : retired_.front()) {
        std::error_code remove_ec;
        std::filesystem::remove(dir_ / name, remove_ec);
      }
      retired_.pop_front();
    }
    ++segments_written_;
    newest_segment_ms_ = nowUnixMs();
  }
  if (low_latency || cut.segment_ended) writePlaylist();
}

void HlsOutput::writePlaylist() {
  HlsPosition at = playlist_.position();
  std::vector<RenditionReport> others;
  if (reports_) {
    reports_->set(path_, at);
    others = reports_->others(path_);
  }
  std::string text = playlist_.render(others);
  std::error_code ec;
  if (!replaceFile(dir_ / "index.m3u8", text, ec)) {
    spdlog::warn("output {}: cannot write the playlist", room_id_);
  }
  if (on_playlist_) on_playlist_(PlaylistUpdate{path_, std::move(text), std::move(at)});
}

}  // namespace hallcast
