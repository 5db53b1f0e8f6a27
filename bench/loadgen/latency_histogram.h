#pragma once
// Latencies in nanoseconds, counted in log-linear buckets (the HdrHistogram
// idea; Debian packages no C or C++ HdrHistogram): values below 128 exactly,
// above that 64 linear buckets per power of two, so a percentile is read
// within 1/64 (1.6 %) of the true value. Fixed size, no allocation per value:
// recording costs a few instructions at a million deliveries per second.

#include <array>
#include <cstdint>

namespace bench {

class LatencyHistogram {
 public:
  void record(uint64_t ns);

  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_); }
  // The smallest bucket bound that at least `fraction` (0..1] of the values
  // are at or below (0 when empty); never above max().
  uint64_t percentile(double fraction) const;

 private:
  static constexpr int kSubBits = 7;  // 2^7 = 128: exact below, 64 per octave above
  static constexpr int kHalf = 1 << (kSubBits - 1);
  static constexpr int kBuckets = (1 << kSubBits) + (64 - kSubBits) * kHalf;

  static int bucketOf(uint64_t value);
  static uint64_t highestIn(int bucket);

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t max_ = 0;
};

}  // namespace bench
