// Equality of two byte ranges in a time that depends only on their length. Internal to the library:
// constant_time_equal() (signatures, the only entry point verification paths may use; see
// tests/constant_time) and the signing-key cache (secrets) are built on it.
//
// Why not CRYPTO_memcmp: OpenSSL's compares a byte per step, which made it a visible part of a
// verification (a 64-character signature and a 40-byte secret per request). This compares 8 bytes per
// step and takes every step; the empty asm makes the accumulator opaque to the optimiser, so the OR
// chain cannot be turned into an early exit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sigv4::crypto::detail {

inline bool bytes_equal_constant_time(const void* a, const void* b, std::size_t n) noexcept {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  std::uint64_t diff = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t u, v;
    std::memcpy(&u, x + i, 8);
    std::memcpy(&v, y + i, 8);
    diff |= u ^ v;
    __asm__("" : "+r"(diff));
  }
  for (; i < n; ++i) {
    diff |= static_cast<std::uint64_t>(x[i] ^ y[i]);
    __asm__("" : "+r"(diff));
  }
  return diff == 0;
}

}  // namespace sigv4::crypto::detail
