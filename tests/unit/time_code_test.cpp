#include "feeds/time_code.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace hallcast {
namespace {

TEST(TimeCode, WhatIsPaintedIsReadBackNearestToNow) {
  const int w = 480, h = 270;
  std::vector<uint8_t> y(w * h, 90), u(w * h / 4, 60), v(w * h / 4, 200);
  const uint64_t t = 1796533790123;
  paintTimeCode(y.data(), w, w, h, t, u.data(), v.data(), w / 2);
  EXPECT_EQ(readTimeCode(y.data(), w, 1, w, h, t + 400), t);
  // Only the low 40 bits travel: the reader puts them nearest to its clock.
  EXPECT_EQ(readTimeCode(y.data(), w, 1, w, h, t + 5000), t);
  EXPECT_EQ(u[(h / 2 - 1) * (w / 2)], 128);  // the code's chroma is grey
  EXPECT_EQ(v[0], 200);                      // the rest of the picture is not touched
}

TEST(TimeCode, ReadsThroughCodingNoiseAndRgbaPixels) {
  const int w = 200, h = 40;
  std::vector<uint8_t> y(w * h, 0);
  paintTimeCode(y.data(), w, w, h, 1234567890, nullptr, nullptr, 0);
  // RGBA as a canvas gives it, off by up to 60 levels from what was painted.
  std::vector<uint8_t> rgba(w * h * 4);
  for (int i = 0; i < w * h; ++i) {
    const int noisy = y[i] + ((i * 37) % 121) - 60;
    rgba[i * 4] = static_cast<uint8_t>(std::clamp(noisy, 0, 255));
  }
  EXPECT_EQ(readTimeCode(rgba.data(), w * 4, 4, w, h, 1234567000), 1234567890u);
}

TEST(TimeCode, APictureWithoutACodeHasNone) {
  const int w = 480, h = 270;
  for (uint8_t level : {0, 16, 128, 235, 255}) {
    std::vector<uint8_t> y(w * h, level);
    EXPECT_EQ(readTimeCode(y.data(), w, 1, w, h, 1796533790000), std::nullopt) << int(level);
  }
  std::vector<uint8_t> tiny(100 * 10, 0);
  paintTimeCode(tiny.data(), 100, 100, 10, 1, nullptr, nullptr, 0);  // too small: untouched
  EXPECT_EQ(tiny[0], 0);
}

}  // namespace
}  // namespace hallcast
