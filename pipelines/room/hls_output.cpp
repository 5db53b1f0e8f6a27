#include "room/hls_output.h"

#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>

#include "gst/gst_util.h"

namespace hallcast {
namespace {

int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

HlsOutput::HlsOutput(std::string room_id, std::filesystem::path dir, uint32_t segment_ms,
                     uint32_t window, GMainContext* context)
    : room_id_(std::move(room_id)),
      dir_(std::move(dir)),
      segment_ms_(segment_ms),
      playlist_(static_cast<int64_t>(segment_ms) * 1'000'000, window),
      context_(context) {}

HlsOutput::~HlsOutput() { stop(); }

void HlsOutput::start() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);  // segments of an earlier run mean nothing now
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw MediaError("cannot create " + dir_.string() + ": " + ec.message());

  pipeline_ = gst_pipeline_new(("output-" + room_id_).c_str());
  sources_[0] = makeAppSource("video");
  sources_[1] = makeAppSource("audio");
  splitmux_ = makeElement("splitmuxsink");
  GstElement* muxer = makeElement("mpegtsmux");
  // Segment names carry the output's start time, so a name is never reused
  // across restarts and segments can be cached for good.
  const std::string location = (dir_ / (std::to_string(nowUnixMs() / 1000) + "-%06d.ts")).string();
  g_object_set(splitmux_, "muxer", muxer, "location", location.c_str(), "max-size-time",
               static_cast<guint64>(segment_ms_) * GST_MSECOND, nullptr);
  gst_bin_add_many(GST_BIN(pipeline_), sources_[0], sources_[1], splitmux_, nullptr);
  if (!gst_element_link_pads(sources_[0], "src", splitmux_, "video") ||
      !gst_element_link_pads(sources_[1], "src", splitmux_, "audio_%u")) {
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
    sources_[0] = sources_[1] = splitmux_ = nullptr;
  }
  gst_caps_replace(&caps_[0], nullptr);
  gst_caps_replace(&caps_[1], nullptr);
}

void HlsOutput::push(Track track, GstBuffer* buffer, GstCaps* caps) {
  const int t = static_cast<int>(track);
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
  {
    std::lock_guard lock(mutex_);
    pending_discontinuities_.push_back(running_time);
  }
  g_signal_emit_by_name(splitmux_, "split-at-running-time", static_cast<guint64>(running_time));
}

int64_t HlsOutput::runningTimeNow() const {
  if (!pipeline_) return 0;
  const GstClockTime t = gst_element_get_current_running_time(pipeline_);
  return GST_CLOCK_TIME_IS_VALID(t) ? static_cast<int64_t>(t) : 0;
}

gboolean HlsOutput::onBus(GstBus*, GstMessage* message, gpointer data) {
  auto* self = static_cast<HlsOutput*>(data);
  const GstStructure* s = gst_message_get_structure(message);
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ELEMENT && s) {
    if (gst_structure_has_name(s, "splitmuxsink-fragment-opened")) self->onFragmentOpened(s);
    if (gst_structure_has_name(s, "splitmuxsink-fragment-closed")) self->onFragmentClosed(s);
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR ||
             GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    spdlog::warn("output {}: {}", self->room_id_, describeBusError(message));
  }
  return G_SOURCE_CONTINUE;
}

void HlsOutput::onFragmentOpened(const GstStructure* s) {
  guint64 running_time = 0;
  gst_structure_get_uint64(s, "running-time", &running_time);
  open_location_ = gst_structure_get_string(s, "location");
  open_running_time_ = static_cast<int64_t>(running_time);
  std::lock_guard lock(mutex_);
  // A switch asked for a cut at this keyframe: the segment follows a discontinuity.
  open_discontinuity_ = false;
  while (!pending_discontinuities_.empty() &&
         pending_discontinuities_.front() <= open_running_time_ + static_cast<int64_t>(GST_MSECOND)) {
    open_discontinuity_ = true;
    pending_discontinuities_.pop_front();
  }
}

void HlsOutput::onFragmentClosed(const GstStructure* s) {
  guint64 running_time = 0;
  gst_structure_get_uint64(s, "running-time", &running_time);
  if (open_running_time_ < 0) return;
  HlsSegment segment;
  segment.uri = std::filesystem::path(open_location_).filename().string();
  segment.duration_ns = static_cast<int64_t>(running_time) - open_running_time_;
  segment.discontinuity = open_discontinuity_ && playlist_.mediaSequence() + playlist_.size() > 0;
  {
    const HlsOutput& base = time_base_ ? *time_base_ : *this;
    std::lock_guard lock(base.mutex_);
    segment.program_date_time_ms = base.first_unix_ms_ + (open_running_time_ - base.first_pts_) / 1'000'000;
  }
  std::error_code size_ec;
  const auto bytes = std::filesystem::file_size(open_location_, size_ec);
  // Short segments (cut early at a switch) would overstate it: left out.
  if (!size_ec && segment.duration_ns >= static_cast<int64_t>(segment_ms_) * 500'000) {
    const auto bps = static_cast<uint64_t>(static_cast<double>(bytes) * 8e9 / static_cast<double>(segment.duration_ns));
    if (bps > peak_bps_) peak_bps_ = bps;
  }
  open_running_time_ = -1;
  for (std::string& old : playlist_.add(std::move(segment))) retired_.push_back(std::move(old));
  writePlaylist();
  // A player that read the previous playlist may still fetch a segment that
  // just left it: files go a whole window after leaving the playlist.
  while (retired_.size() > playlist_.size()) {
    std::error_code ec;
    std::filesystem::remove(dir_ / retired_.front(), ec);
    retired_.pop_front();
  }
  ++segments_written_;
  newest_segment_ms_ = nowUnixMs();
}

void HlsOutput::writePlaylist() {
  // Write, then rename: a player never reads a half-written playlist.
  const auto tmp = dir_ / "index.m3u8.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << playlist_.render();
  }
  std::error_code ec;
  std::filesystem::rename(tmp, dir_ / "index.m3u8", ec);
  if (ec) spdlog::warn("output {}: cannot write the playlist: {}", room_id_, ec.message());
}

}  // namespace hallcast
