#include "support/hls_capture.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

#include "support/child_process.h"
#include "support/http_client.h"

namespace hallcast::test {
namespace {

using namespace std::chrono_literals;

// A player polls faster than a part lasts; so does this.
constexpr auto kPollInterval = 100ms;

// ffprobe's compact output, one line per frame or packet: "a=1|b=x|…".
std::vector<std::map<std::string, std::string>> probeRecords(const std::string& command) {
  std::vector<std::map<std::string, std::string>> out;
  std::istringstream lines(commandOutput(command));
  std::string line;
  while (std::getline(lines, line)) {
    std::map<std::string, std::string> record;
    std::istringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '|')) {
      const auto eq = field.find('=');
      if (eq != std::string::npos) record[field.substr(0, eq)] = field.substr(eq + 1);
    }
    if (!record.empty()) out.push_back(std::move(record));
  }
  return out;
}

double number(const std::map<std::string, std::string>& r, const std::string& key) {
  const auto it = r.find(key);
  if (it == r.end() || it->second.empty() || it->second == "N/A") return 0;
  try {
    return std::stod(it->second);
  } catch (...) {
    return 0;
  }
}

}  // namespace

HlsCapture::HlsCapture(std::string playlist_url, std::filesystem::path dir)
    : url_(std::move(playlist_url)), base_(url_.substr(0, url_.rfind('/') + 1)), dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

HlsCapture::~HlsCapture() { stop(); }

void HlsCapture::start() {
  running_ = true;
  thread_ = std::thread([this] { run(); });
}

void HlsCapture::stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

std::vector<CapturedSegment> HlsCapture::segments() const {
  std::lock_guard lock(mutex_);
  return done_;
}

bool HlsCapture::waitForMore(std::size_t n, std::chrono::milliseconds timeout) const {
  std::size_t target;
  {
    std::lock_guard lock(mutex_);
    target = done_.size() + n;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      if (done_.size() >= target) return true;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  return false;
}

void HlsCapture::run() {
  while (running_) {
    poll();
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::filesystem::path HlsCapture::fetch(const std::string& uri, const std::string& name) {
  const HttpResult r = httpRequest(base_ + uri);
  if (r.status != 200) return {};
  const auto file = dir_ / name;
  std::ofstream(file, std::ios::binary) << r.body;
  return file;
}

void HlsCapture::poll() {
  const HttpResult r = httpRequest(url_);
  if (r.status != 200) return;
  static const std::regex part_re(R"re(#EXT-X-PART:DURATION=[0-9.]+,URI="([^"]+)"(,INDEPENDENT=YES)?)re");
  static const std::regex extinf_re(R"(#EXTINF:([0-9.]+),)");
  std::istringstream lines(r.body);
  std::string line;
  std::smatch m;
  uint64_t msn = 0;
  CapturedSegment next;  // tags seen for the segment at `msn`
  std::vector<std::pair<uint64_t, CapturedSegment>> listed;
  while (std::getline(lines, line)) {
    if (line.rfind("#EXT-X-MEDIA-SEQUENCE:", 0) == 0) {
      msn = std::stoull(line.substr(22));
    } else if (line == "#EXT-X-DISCONTINUITY") {
      next.discontinuity = true;
    } else if (line.rfind("#EXT-X-PROGRAM-DATE-TIME:", 0) == 0) {
      next.program_date_time = line.substr(25);
    } else if (std::regex_match(line, m, part_re)) {
      next.parts.push_back({m[1], m[2].matched, {}});
    } else if (std::regex_match(line, m, extinf_re)) {
      next.duration = std::stod(m[1]);
    } else if (!line.empty() && line[0] != '#') {
      next.uri = line;
      next.msn = msn;
      listed.emplace_back(msn++, std::move(next));
      next = CapturedSegment{};
    }
  }
  next.msn = msn;
  listed.emplace_back(msn, std::move(next));  // the open segment (no URI yet)

  for (auto& [n, seen] : listed) {
    std::unique_lock lock(mutex_);
    if (!started_) {
      next_msn_ = n;  // begin with what is listed first
      started_ = true;
    }
    if (n < next_msn_) continue;
    CapturedSegment& s = open_[n];
    s.msn = n;
    if (seen.discontinuity) s.discontinuity = true;
    if (!seen.program_date_time.empty()) s.program_date_time = seen.program_date_time;
    // Parts: listed in order; fetch each the first time it shows.
    for (std::size_t i = 0; i < seen.parts.size(); ++i) {
      if (i >= s.parts.size()) s.parts.push_back(seen.parts[i]);
      CapturedPart& part = s.parts[i];
      if (!part.file.empty()) continue;
      const auto known = fetched_.find(part.uri);
      if (known != fetched_.end()) {
        part.file = known->second;
        continue;
      }
      const std::string uri = part.uri;
      const std::string name = std::to_string(n) + "-p" + std::to_string(i) + ".ts";
      lock.unlock();
      const auto file = fetch(uri, name);
      lock.lock();
      CapturedSegment& again = open_[n];
      if (!file.empty()) {
        fetched_[uri] = file;
        again.parts[i].file = file;
      }
    }
    if (seen.uri.empty()) continue;  // still being written
    lock.unlock();
    const auto file = fetch(seen.uri, std::to_string(n) + ".ts");
    lock.lock();
    CapturedSegment finished = std::move(open_[n]);
    open_.erase(n);
    finished.uri = seen.uri;
    finished.duration = seen.duration;
    finished.file = file;
    if (n > next_msn_) missed_ += n - next_msn_;
    next_msn_ = n + 1;
    done_.push_back(std::move(finished));
  }
}

std::vector<DecodedFrame> decodeFrames(const std::filesystem::path& file) {
  std::vector<DecodedFrame> out;
  for (const auto& r : probeRecords("ffprobe -v quiet -show_entries "
                                    "frame=media_type,key_frame,pts_time,width,height,channels "
                                    "-of compact=p=0 " + file.string())) {
    DecodedFrame f;
    const auto type = r.find("media_type");
    if (type == r.end()) continue;
    f.video = type->second == "video";
    f.key = number(r, "key_frame") != 0;
    f.pts = number(r, "pts_time");
    f.width = static_cast<int>(number(r, "width"));
    f.height = static_cast<int>(number(r, "height"));
    f.channels = static_cast<int>(number(r, "channels"));
    out.push_back(f);
  }
  return out;
}

std::pair<int, int> audioShape(const std::filesystem::path& file) {
  const auto streams = probeRecords("ffprobe -v quiet -select_streams a:0 -show_entries stream=sample_rate,channels "
                                    "-of compact=p=0 " + file.string());
  if (streams.empty()) return {0, 0};
  return {static_cast<int>(number(streams.front(), "sample_rate")), static_cast<int>(number(streams.front(), "channels"))};
}

std::vector<double> audioFrameLevels(const std::filesystem::path& file) {
  std::vector<double> out;
  for (const auto& r : probeRecords("ffprobe -v quiet -f lavfi -i 'amovie=" + file.string() +
                                    ",astats=metadata=1:reset=1' -show_entries "
                                    "frame_tags=lavfi.astats.Overall.RMS_level -of compact=p=0")) {
    const auto it = r.find("tag:lavfi.astats.Overall.RMS_level");
    if (it == r.end()) continue;
    out.push_back(it->second == "-inf" ? -std::numeric_limits<double>::infinity() : number(r, it->first));
  }
  return out;
}

std::string decodeErrors(const std::filesystem::path& file) {
  // The pictures keep the stream's 90 kHz times on the way to the null
  // muxer, which sees frames out of order as the stream has them; at its
  // default (one tick a frame) two pictures of a jittery WebRTC stream less
  // than a frame apart would look like one time twice.
  return commandOutput("ffmpeg -nostdin -hide_banner -v error -i " + file.string() +
                       " -enc_time_base:v 1:90000 -f null -");
}

bool startsWithVideoKeyframe(const std::filesystem::path& file) {
  const auto packets = probeRecords("ffprobe -v quiet -select_streams v:0 -show_entries packet=flags "
                                    "-read_intervals %+#1 -of compact=p=0 " + file.string());
  return !packets.empty() && packets.front().count("flags") && packets.front().at("flags").find('K') == 0;
}

}  // namespace hallcast::test
