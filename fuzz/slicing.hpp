// Shared by the fuzz targets that drive incremental decoders: the fuzzer's own bytes choose how a
// body is cut into the pieces a socket would deliver, so a decoder's state machine is exercised at
// every boundary (a CRLF split in two, a signature cut in the middle, one byte at a time).
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sigv4::fuzz {

// Piece lengths for a body of `size` bytes, read from the provider: a small pattern of lengths
// (1..max_piece each, 0 meaning "the rest") that repeats until the body is covered.
inline std::vector<std::size_t> choose_slices(FuzzedDataProvider& in, std::size_t size, std::size_t max_piece = 300) {
  std::vector<std::size_t> pattern;
  const std::size_t count = in.ConsumeIntegralInRange<std::size_t>(1, 8);
  for (std::size_t i = 0; i < count; ++i) pattern.push_back(in.ConsumeIntegralInRange<std::size_t>(0, max_piece));
  std::vector<std::size_t> out;
  std::size_t done = 0;
  for (std::size_t i = 0; done < size; ++i) {
    std::size_t n = pattern[i % pattern.size()];
    if (n == 0 || n > size - done) n = size - done;
    out.push_back(n);
    done += n;
  }
  return out;
}

// 16 bytes for choose_slices(), taken from the end of the input (where FuzzedDataProvider takes its
// integers), so that a seed is "the body, then a few control bytes" and its front stays intact.
inline std::array<std::uint8_t, 16> take_slice_seed(FuzzedDataProvider& in) {
  std::array<std::uint8_t, 16> seed{};
  for (std::size_t i = 0; i < seed.size(); i += 8) {
    const auto v = in.ConsumeIntegral<std::uint64_t>();
    for (std::size_t j = 0; j < 8; ++j) seed[i + j] = static_cast<std::uint8_t>(v >> (8 * j));
  }
  return seed;
}

// Calls feed(piece) for each piece of `body` cut as `slices` says; stops when feed returns false.
template <typename Feed>
void feed_in_slices(std::string_view body, const std::vector<std::size_t>& slices, Feed&& feed) {
  std::size_t at = 0;
  for (std::size_t n : slices) {
    if (!feed(body.substr(at, n))) return;
    at += n;
  }
}

}  // namespace sigv4::fuzz
