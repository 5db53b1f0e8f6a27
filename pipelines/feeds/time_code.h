#pragma once
// A wall-clock time burned into a picture as blocks a program can read back
// after encoding, streaming and decoding: the test source stamps each frame
// with the time it was made, so that a receiver (a browser, a GStreamer
// client) measures glass-to-glass latency by reading it. 48 blocks of
// kTimeCodeBlock pixels in two rows at the picture's bottom left: 40 bits of
// Unix milliseconds (modulo 2^40, 34 years) and an 8-bit checksum, each bit
// a white (1) or black (0) square on luma. Pure.

#include <cstddef>
#include <cstdint>
#include <optional>

namespace hallcast {

constexpr int kTimeCodeBlock = 8;  // pixels; survives x264 at a few hundred kbit/s
constexpr int kTimeCodeColumns = 24;
constexpr int kTimeCodeRows = 2;

// Paints `unix_ms` into an 8-bit luma plane (and its two chroma planes
// neutral, when given: 4:2:0, half the size each way). A picture smaller
// than the code is left alone.
void paintTimeCode(uint8_t* luma, std::size_t luma_stride, int width, int height, uint64_t unix_ms,
                   uint8_t* u = nullptr, uint8_t* v = nullptr, std::size_t chroma_stride = 0);

// The time a picture carries, read at each block's centre from any 8-bit
// luma plane (`step`: bytes from one pixel to the next, e.g. 4 for RGBA's
// first byte as a stand-in for luma), as Unix ms nearest to `now_ms`;
// nullopt when there is no valid code (the checksum fails).
std::optional<uint64_t> readTimeCode(const uint8_t* luma, std::size_t stride, std::size_t step, int width,
                                     int height, uint64_t now_ms);

}  // namespace hallcast
