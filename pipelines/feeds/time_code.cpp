#include "feeds/time_code.h"

namespace hallcast {
namespace {

constexpr int kBits = kTimeCodeColumns * kTimeCodeRows;  // 48
constexpr uint64_t kTimeMask = (uint64_t{1} << 40) - 1;

uint8_t checksum(uint64_t time40) {
  uint8_t sum = 0x5a;  // all-black (or all-white) does not pass
  for (int i = 0; i < 5; ++i) sum = static_cast<uint8_t>(sum + ((time40 >> (8 * i)) & 0xff));
  return sum;
}

// The block of bit `i`: its top-left corner.
int blockX(int i) { return (i % kTimeCodeColumns) * kTimeCodeBlock; }
int blockY(int i, int height) { return height - (kTimeCodeRows - i / kTimeCodeColumns) * kTimeCodeBlock; }

}  // namespace

void paintTimeCode(uint8_t* luma, std::size_t luma_stride, int width, int height, uint64_t unix_ms, uint8_t* u,
                   uint8_t* v, std::size_t chroma_stride) {
  if (width < kTimeCodeColumns * kTimeCodeBlock || height < kTimeCodeRows * kTimeCodeBlock) return;
  const uint64_t time40 = unix_ms & kTimeMask;
  const uint64_t word = time40 | (uint64_t{checksum(time40)} << 40);
  for (int i = 0; i < kBits; ++i) {
    const uint8_t level = ((word >> i) & 1) ? 235 : 16;  // video range white and black
    const int x0 = blockX(i), y0 = blockY(i, height);
    for (int y = y0; y < y0 + kTimeCodeBlock; ++y) {
      for (int x = x0; x < x0 + kTimeCodeBlock; ++x) luma[static_cast<std::size_t>(y) * luma_stride + x] = level;
    }
    if (u && v) {
      for (int y = y0 / 2; y < (y0 + kTimeCodeBlock) / 2; ++y) {
        for (int x = x0 / 2; x < (x0 + kTimeCodeBlock) / 2; ++x) {
          u[static_cast<std::size_t>(y) * chroma_stride + x] = 128;
          v[static_cast<std::size_t>(y) * chroma_stride + x] = 128;
        }
      }
    }
  }
}

std::optional<uint64_t> readTimeCode(const uint8_t* luma, std::size_t stride, std::size_t step, int width,
                                     int height, uint64_t now_ms) {
  if (width < kTimeCodeColumns * kTimeCodeBlock || height < kTimeCodeRows * kTimeCodeBlock) return std::nullopt;
  uint64_t word = 0;
  for (int i = 0; i < kBits; ++i) {
    // The mean of the block's central 4x4 pixels: its edges blur in coding.
    unsigned sum = 0;
    const int cx = blockX(i) + kTimeCodeBlock / 2 - 2, cy = blockY(i, height) + kTimeCodeBlock / 2 - 2;
    for (int y = cy; y < cy + 4; ++y) {
      for (int x = cx; x < cx + 4; ++x) sum += luma[static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * step];
    }
    if (sum / 16 >= 128) word |= uint64_t{1} << i;
  }
  const uint64_t time40 = word & kTimeMask;
  if (static_cast<uint8_t>(word >> 40) != checksum(time40)) return std::nullopt;
  // The full time nearest to now with these low 40 bits.
  const uint64_t base = now_ms & ~kTimeMask;
  uint64_t best = base | time40;
  for (uint64_t candidate : {best - (kTimeMask + 1), best + (kTimeMask + 1)}) {
    const auto distance = [&](uint64_t t) { return t > now_ms ? t - now_ms : now_ms - t; };
    if (distance(candidate) < distance(best)) best = candidate;
  }
  return best;
}

}  // namespace hallcast
