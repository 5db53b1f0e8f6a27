// The room's master playlists: the live one (its renditions — the main
// one, the ladder's, the interpretation channels' audio) and, once the
// session is over, the replay's.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "room/replace_file.h"
#include "room/room_pipeline.h"

namespace hallcast {

HlsVariant RoomPipeline::onAirVariant() {
  HlsVariant main;
  main.uri = "index.m3u8";
  std::lock_guard lock(output_mutex_);
  main.width = on_air_width_;
  main.height = on_air_height_;
  main.video_codec = on_air_codec_;
  return main;
}

void RoomPipeline::writeMasterPlaylist() {
  // Each variant is listed once its playlist exists. BANDWIDTH is the peak
  // bitrate of a segment written so far (RFC 8216: the peak segment
  // bitrate), at least, for a rendition, its configured video bitrate plus
  // 128 kbit/s of audio, plus 10 % for the container — rounded up to
  // 50 kbit/s so that the file changes rarely.
  const auto declared = [](uint64_t measured, uint64_t floor) {
    const uint64_t bps = std::max(measured, floor);
    constexpr uint64_t kStep = 50'000;
    return (bps + kStep - 1) / kStep * kStep;
  };
  if (output_.segmentsWritten() == 0) return;
  // Players read the master once: it waits until every audio rendition
  // has a segment (silence fills in for a missing booth: moments).
  uint64_t audio_bps = 0;  // the costliest rendition, which a variant may be played with
  for (const auto& channel : channels_) {
    if (channel->output().segmentsWritten() == 0) return;
    audio_bps = std::max(audio_bps, channel->output().peakBitrateBps());
  }
  const std::vector<HlsAudioRendition> audio = audioRenditions([](const InterpretationChannel&) { return true; });
  std::vector<HlsVariant> variants;
  HlsVariant main = onAirVariant();
  main.bandwidth_bps = declared(output_.peakBitrateBps() + audio_bps, 0);
  variants.push_back(std::move(main));
  for (const auto& rendition : ladder_) {
    if (rendition->output().segmentsWritten() == 0) continue;
    HlsVariant v = rendition->variant();
    const uint64_t floor = (static_cast<uint64_t>(rendition->spec().bitrate_kbps) + 128) * 1100;
    v.bandwidth_bps = declared(rendition->output().peakBitrateBps() + audio_bps, floor);
    variants.push_back(std::move(v));
  }
  std::string text = renderMasterPlaylist(variants, audio);
  if (text == master_written_) return;
  std::error_code ec;
  if (!replaceFile(config_.output_dir / "master.m3u8", text, ec)) {
    spdlog::warn("room {}: cannot write the master playlist: {}", config_.room_id, ec.message());
    return;
  }
  master_written_ = std::move(text);
}

std::vector<HlsAudioRendition> RoomPipeline::audioRenditions(
    const std::function<bool(const InterpretationChannel&)>& listed) const {
  std::vector<HlsAudioRendition> audio;
  if (channels_.empty()) return audio;
  audio.push_back({"Original", config_.language, "", 0, true});  // in the variants' own segments
  for (const auto& channel : channels_) {
    if (listed(*channel)) audio.push_back({channel->config().name, channel->config().language, channel->uri(), 1, false});
  }
  return audio;
}

void RoomPipeline::writeReplayMaster() {
  // Each archive writes its playlist when the session is over; the master
  // follows once they all have (or a few seconds after the main one: a
  // channel that kept nothing is left out).
  constexpr int kMaxWaits = 50;
  const std::filesystem::path dir = *config_.replay_dir;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / "index.m3u8", ec)) return;
  const auto replayed = [&](const InterpretationChannel& channel) {
    return std::filesystem::is_regular_file(dir / channel.uri(), ec);
  };
  const std::vector<HlsAudioRendition> audio = audioRenditions(replayed);
  uint64_t audio_bps = 0;
  for (const auto& channel : channels_) {
    if (replayed(*channel)) audio_bps = std::max(audio_bps, ReplayArchive::peakBitrateBps(dir / channel->dirName()));
  }
  if (audio.size() < channels_.size() + 1 && ++replay_master_waits_ < kMaxWaits) return;
  HlsVariant main = onAirVariant();
  main.bandwidth_bps = ReplayArchive::peakBitrateBps(dir) + audio_bps;
  if (!replaceFile(dir / "master.m3u8", renderMasterPlaylist({main}, audio), ec)) {
    spdlog::warn("room {}: cannot write the replay's master playlist: {}", config_.room_id, ec.message());
    return;
  }
  replay_master_written_ = true;
}

}  // namespace hallcast
