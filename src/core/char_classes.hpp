// Byte classes of the canonicaliser and the signer, one table lookup per byte instead of a chain of
// comparisons (the canonicaliser scans runs of bytes that need no work and copies each run at once).
// Internal to the library: canonical.cpp and signer.cpp share these so that there is one definition
// of "token character", "header space" and "kept as is in a path".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/canonical.hpp"

namespace sigv4::detail {

// Characters RFC 3986 allows raw in a path segment besides unreserved ones (sub-delims, ':', '@').
constexpr bool is_path_sub_delim(unsigned char c) noexcept {
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';':
    case '=': case ':': case '@':
      return true;
    default:
      return false;
  }
}

// RFC 9110 5.6.2 tchar: the bytes of a header name (and of a method).
constexpr bool is_tchar(unsigned char c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

constexpr bool is_header_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

enum CharClass : std::uint8_t {
  kUnreserved = 1,   // is_unreserved
  kPathAsIs = 2,     // kept by single encoding: unreserved, '/', '%', sub-delims, ':', '@'
  kToken = 4,        // is_tchar
  kHeaderSpace = 8,  // is_header_space
  kPlainValue = 16,  // a header-value byte needing no check: visible ASCII, SP, HTAB or >= 0x80
  kUnreservedOrSlash = 32,  // kept by URI encoding of a path: unreserved or '/'
};

constexpr std::array<std::uint8_t, 256> make_char_classes() {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    const auto b = static_cast<unsigned char>(c);
    std::uint8_t bits = 0;
    if (is_unreserved(b)) bits |= kUnreserved;
    if (is_unreserved(b) || c == '/') bits |= kUnreservedOrSlash;
    if (is_unreserved(b) || c == '/' || c == '%' || is_path_sub_delim(b)) bits |= kPathAsIs;
    if (is_tchar(b)) bits |= kToken;
    if (is_header_space(static_cast<char>(c))) bits |= kHeaderSpace;
    if ((c >= 0x20 && c != 0x7f) || c == '\t') bits |= kPlainValue;
    t[c] = bits;
  }
  return t;
}
inline constexpr std::array<std::uint8_t, 256> kCharClasses = make_char_classes();

constexpr bool has_class(char c, std::uint8_t cls) noexcept {
  return (kCharClasses[static_cast<unsigned char>(c)] & cls) != 0;
}

// Length of the prefix of s[from..] whose bytes all have class cls.
inline std::size_t run_of(std::string_view s, std::size_t from, std::uint8_t cls) noexcept {
  std::size_t i = from;
  while (i < s.size() && has_class(s[i], cls)) ++i;
  return i - from;
}

// A token byte lower-cased, or 0 for a byte that is not a token character: lower-casing a header name
// and checking it is then one lookup per byte.
constexpr std::array<char, 256> make_lower_token() {
  std::array<char, 256> t{};
  for (unsigned c = 0; c < 256; ++c)
    if (is_tchar(static_cast<unsigned char>(c)))
      t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}
inline constexpr std::array<char, 256> kLowerToken = make_lower_token();

// Writes the lower-cased name to out (name.size() bytes); false if name is empty or holds a byte that
// is not a token character (out is then unspecified).
inline bool lower_token(std::string_view name, char* out) noexcept {
  char bad = name.empty() ? 1 : 0;  // no early exit: names are valid far more often than not
  std::uint8_t zero = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char l = kLowerToken[static_cast<unsigned char>(name[i])];
    out[i] = l;
    zero |= static_cast<std::uint8_t>(l == 0);
  }
  return (bad | static_cast<char>(zero)) == 0;
}

// What a header value holds that matters to the canonical form, from one pass without early exit
// (the compiler vectorises it; values are valid and plain far more often than not): kValueControl for
// a byte below 0x20 or 0x7f (so CR, LF, HTAB: the value needs is_valid_header_value and trimming),
// kValueSpace for a space (it may need trimming or collapsing). A value with neither is its own
// canonical form and is copied as is; the signer trims only the signed values that have either.
enum ValueShape : std::uint8_t { kValuePlain = 0, kValueControl = 1, kValueSpace = 2 };

inline std::uint8_t header_value_shape(std::string_view v) noexcept {
  std::uint8_t shape = 0;  // one byte-wide accumulator: GCC vectorises this, not two or a bool
  for (const char ch : v) {
    const auto c = static_cast<std::uint8_t>(ch);
    shape |= static_cast<std::uint8_t>((c < 0x20) | (c == 0x7f) | ((c == ' ') << 1));
  }
  return shape;
}

// Writes the value trimmed, each run of whitespace inside (SP, HTAB, and the CR/LF of folded lines)
// collapsed to one space, at out (at most value.size() bytes); returns the end. Through a pointer into
// space for the whole value: an append call per run was a measurable part of W1.
inline char* write_trimmed_header_value(char* out, std::string_view value) noexcept {
  std::size_t b = 0, e = value.size();
  while (b < e && is_header_space(value[b])) ++b;
  while (e > b && is_header_space(value[e - 1])) --e;
  // value[e-1] is not a space, so a run of spaces is always followed by more text.
  bool in_space = false;
  for (std::size_t i = b; i < e; ++i) {
    const char c = value[i];
    const bool space = has_class(c, kHeaderSpace);
    if (space && in_space) continue;
    *out++ = space ? ' ' : c;
    in_space = space;
  }
  return out;
}

}  // namespace sigv4::detail
