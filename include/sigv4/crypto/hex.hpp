// Lower-case hex encoding and strict decoding (SigV4 signatures and hashes are lower-case hex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sigv4::crypto {

// Writes 2*in.size() characters to out.
namespace detail {
// Both hex digits of every byte value: one 2-byte copy per byte instead of two lookups and shifts
// (hex encoding is on the signing hot path: the canonical-request hash and the signature).
struct HexPairs {
  char pairs[512];
  constexpr HexPairs() : pairs() {
    constexpr char kDigits[] = "0123456789abcdef";
    for (int b = 0; b < 256; ++b) {
      pairs[2 * b] = kDigits[b >> 4];
      pairs[2 * b + 1] = kDigits[b & 15];
    }
  }
};
inline constexpr HexPairs kHexPairs{};
}  // namespace detail

inline void hex_encode(std::span<const std::uint8_t> in, char* out) noexcept {
  for (std::uint8_t b : in) {
    __builtin_memcpy(out, &detail::kHexPairs.pairs[2 * b], 2);
    out += 2;
  }
}

inline void hex_append(std::span<const std::uint8_t> in, std::string& out) {
  const std::size_t at = out.size();
  out.resize(at + 2 * in.size());
  hex_encode(in, out.data() + at);
}

inline std::string hex(std::span<const std::uint8_t> in) {
  std::string s;
  hex_append(in, s);
  return s;
}

// Value of one hex digit (either case), or -1.
constexpr int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when s is exactly 2*out.size() lower-case hex digits; fills out.
inline bool hex_decode_lower(std::string_view s, std::span<std::uint8_t> out) noexcept {
  if (s.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char a = s[2 * i], b = s[2 * i + 1];
    if ((a >= 'A' && a <= 'F') || (b >= 'A' && b <= 'F')) return false;
    const int hi = hex_digit_value(a), lo = hex_digit_value(b);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

inline bool is_lower_hex(std::string_view s) noexcept {
  // One pass without early exit (a signature or payload hash is valid far more often than not), with
  // a byte-wide accumulator, which the compiler vectorises.
  std::uint8_t bad = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    bad |= static_cast<std::uint8_t>((static_cast<unsigned char>(c - '0') > 9) &
                                     (static_cast<unsigned char>(c - 'a') > 5));
  }
  return bad == 0;
}

}  // namespace sigv4::crypto
