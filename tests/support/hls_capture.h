#pragma once
// Follows a live Low-Latency HLS media playlist as a player does and keeps
// every segment and part it lists, with the tags before each, so that a
// test can decode all of them afterwards — not only what is still listed
// at the end — and see exactly where the hub cut and what it marked.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hallcast::test {

struct CapturedPart {
  std::string uri;
  bool independent = false;
  std::filesystem::path file;  // empty: listed, but gone before it was fetched
};

struct CapturedSegment {
  uint64_t msn = 0;
  std::string uri;
  double duration = 0;           // EXTINF
  bool discontinuity = false;    // EXT-X-DISCONTINUITY right before it
  std::string program_date_time;  // EXT-X-PROGRAM-DATE-TIME before it
  std::vector<CapturedPart> parts;
  std::filesystem::path file;
};

class HlsCapture {
 public:
  // Files go to `dir`, named after the media sequence number.
  HlsCapture(std::string playlist_url, std::filesystem::path dir);
  ~HlsCapture();
  HlsCapture(const HlsCapture&) = delete;
  HlsCapture& operator=(const HlsCapture&) = delete;

  void start();
  void stop();

  // The finished segments seen so far, in order.
  std::vector<CapturedSegment> segments() const;
  // Segments that left the playlist before this saw them finished (the
  // capture fell behind): a test cannot claim to have seen everything.
  uint64_t missed() const { return missed_; }
  // Waits until `n` more segments than now are finished; false on timeout.
  bool waitForMore(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  void run();
  void poll();
  std::filesystem::path fetch(const std::string& uri, const std::string& name);

  std::string url_;
  std::string base_;  // the playlist's URL up to its last '/'
  std::filesystem::path dir_;
  std::thread thread_;
  std::atomic<bool> running_{false};

  mutable std::mutex mutex_;
  std::map<uint64_t, CapturedSegment> open_;  // listed parts of segments not finished yet
  std::vector<CapturedSegment> done_;
  std::map<std::string, std::filesystem::path> fetched_;  // part URI -> file
  uint64_t next_msn_ = 0;                                 // first not finished
  bool started_ = false;
  std::atomic<uint64_t> missed_{0};
};

// One decoded frame of a media file, as ffprobe reports it.
struct DecodedFrame {
  bool video = false;
  bool key = false;
  double pts = 0;
  int width = 0;  // video
  int height = 0;
  int channels = 0;  // audio
};

// Every frame ffprobe decodes from `file`, in its order.
std::vector<DecodedFrame> decodeFrames(const std::filesystem::path& file);

// The sample rate and channels of the first audio stream of `file` (0, 0: none).
std::pair<int, int> audioShape(const std::filesystem::path& file);

// The RMS level (dBFS) of each decoded audio frame of `file`, in order
// (-inf for digital silence).
std::vector<double> audioFrameLevels(const std::filesystem::path& file);

// What ffmpeg's decoders say of `file` when it is decoded whole: empty when
// every picture and audio frame decodes (a truncated or corrupt access unit
// is what makes a browser's decoder give up on the stream).
std::string decodeErrors(const std::filesystem::path& file);

// Whether the first video packet of `file` is a keyframe (ffprobe's packet
// flags; no decoding, so it works on a part that starts mid-GOP).
bool startsWithVideoKeyframe(const std::filesystem::path& file);

}  // namespace hallcast::test
