// The request model the signer reads: a narrow, non-owning view (method, request target, headers),
// so that anything able to list its headers can be signed without copying it into our types.
// HttpRequest is an owning convenience type for callers without an HTTP type of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4 {

struct HeaderView {
  std::string_view name;
  std::string_view value;
};

struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

// What the signer needs of an HTTP request.
struct RequestView {
  // The HTTP method as sent ("GET"); must be an HTTP token.
  std::string_view method;
  // The request target in origin form exactly as it goes on the wire: "/path?query". The path is
  // expected to be percent-encoded already (as every SDK sends it); raw spaces and non-ASCII bytes are
  // tolerated and encoded. A missing path ("" or "?a=b") means "/".
  std::string_view target;
  // Every header, repeats included, in order. Names are case-insensitive. A value may contain
  // obs-fold continuation lines ("a\n  b"); any other CR or LF is an error.
  std::span<const HeaderView> headers;
  // Only used to build presigned_url: "https" or "http".
  std::string_view scheme = "https";
};

// An owning request, e.g. parsed from a raw HTTP request or built from a URL.
struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<Header> headers;
  std::string body;
  std::string scheme = "https";

  // Builds a request for an absolute http(s) URL; adds a Host header derived from it.
  // Throws sigv4::Error(malformed_url) for a URL parse_url() rejects.
  static HttpRequest from_url(std::string_view method, std::string_view url);

  // Views over this request's headers (fills `storage`, which must outlive the view).
  [[nodiscard]] RequestView view(std::vector<HeaderView>& storage) const;

  // First header with this name (case-insensitive), or nullptr.
  [[nodiscard]] const Header* find_header(std::string_view name) const noexcept;
  // Replaces every header with this name by one header, or appends it.
  void set_header(std::string_view name, std::string_view value);
};

namespace detail {

// Eight bytes at once with every ASCII upper-case letter lower-cased and every other byte (bytes
// >= 0x80 included) unchanged: a byte is upper case when its low seven bits are in 'A'..'Z' and its
// top bit is clear. Each per-byte sum stays below 0x100, so no carry crosses into the next byte.
constexpr std::uint64_t ascii_lower8(std::uint64_t x) noexcept {
  constexpr std::uint64_t k7f = 0x7f7f7f7f7f7f7f7fULL, k80 = 0x8080808080808080ULL;
  const std::uint64_t low7 = x & k7f;
  const std::uint64_t at_least_a = low7 + 0x3f3f3f3f3f3f3f3fULL;  // top bit: low7 >= 'A' (0x41)
  const std::uint64_t above_z = low7 + 0x2525252525252525ULL;     // top bit: low7 > 'Z' (0x5a)
  const std::uint64_t upper = at_least_a & ~above_z & ~x & k80;
  return x | (upper >> 2);  // 0x80 >> 2 is 0x20, the case bit
}

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// The n < 8 bytes at p packed into one word, every byte included (some twice): two strings of the
// same length n are equal exactly when their words are, and lower-casing commutes with the packing.
inline std::uint64_t load_short(const char* p, std::size_t n) noexcept {
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return (static_cast<std::uint64_t>(hi) << 32) | lo;
  }
  if (n == 0) return 0;
  return static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) |
         static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
         static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
}

// iequals for two strings of the same size n: eight bytes per step, then the last eight bytes
// (overlapping the previous word when n is not a multiple of 8); no early exit (names are short: one
// to three steps). With LowerB, `b` holds no upper-case ASCII letter (a name already lower-cased) and
// only `a` is lower-cased.
template <bool LowerB = false>
inline bool iequals_same_size(const char* a, const char* b, std::size_t n) noexcept {
  auto lower_b = [](std::uint64_t w) { return LowerB ? w : ascii_lower8(w); };
  if (n < 8) return ascii_lower8(load_short(a, n)) == lower_b(load_short(b, n));
  std::uint64_t diff = 0;
  for (std::size_t i = 0; i + 8 < n; i += 8) diff |= ascii_lower8(load8(a + i)) ^ lower_b(load8(b + i));
  diff |= ascii_lower8(load8(a + n - 8)) ^ lower_b(load8(b + n - 8));
  return diff == 0;
}

// iequals(a, lower) for a `lower` that holds no upper-case ASCII letter (e.g. a name already
// lower-cased): only `a` needs lower-casing.
inline bool iequals_lowered(std::string_view a, std::string_view lower) noexcept {
  return a.size() == lower.size() && iequals_same_size<true>(a.data(), lower.data(), a.size());
}

}  // namespace detail

// ASCII case-insensitive equality (bytes >= 0x80 compare as they are). Inline: the verifier and the
// signer call it once per header per lookup, and most calls end at the size check.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && detail::iequals_same_size(a.data(), b.data(), a.size());
}

}  // namespace sigv4
