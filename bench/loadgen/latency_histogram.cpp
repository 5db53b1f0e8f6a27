#include "loadgen/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace bench {

int LatencyHistogram::bucketOf(uint64_t value) {
  if (value < (1u << kSubBits)) return static_cast<int>(value);
  // shift >= 1; value >> shift lies in [kHalf, 2 * kHalf).
  const int shift = std::bit_width(value) - kSubBits;
  const auto top = static_cast<int>(value >> shift);
  return (1 << kSubBits) + (shift - 1) * kHalf + (top - kHalf);
}

uint64_t LatencyHistogram::highestIn(int bucket) {
  if (bucket < (1 << kSubBits)) return static_cast<uint64_t>(bucket);
  const int shift = (bucket - (1 << kSubBits)) / kHalf + 1;
  const auto top = static_cast<uint64_t>((bucket - (1 << kSubBits)) % kHalf + kHalf);
  return ((top + 1) << shift) - 1;
}

void LatencyHistogram::record(uint64_t ns) {
  ++counts_[static_cast<std::size_t>(bucketOf(ns))];
  ++count_;
  sum_ += ns;
  max_ = std::max(max_, ns);
}

uint64_t LatencyHistogram::percentile(double fraction) const {
  if (count_ == 0) return 0;
  const auto wanted = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[static_cast<std::size_t>(b)];
    if (seen >= wanted) return std::min(highestIn(b), max_);
  }
  return max_;
}

}  // namespace bench
