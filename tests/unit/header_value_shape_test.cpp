// The signer copies a header value into the canonical request as is when
// detail::is_plain_header_value() says it is already canonical (no control byte, no leading, trailing
// or doubled space). That check is written for speed (accumulators without early exit, the double-space
// search only when a space was seen); here it is held against the plain definition, on every short
// string over an alphabet of the bytes that matter and on random longer ones, and a plain value must
// come out of write_trimmed_header_value unchanged (else the signature would differ from botocore's).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/char_classes.hpp"

namespace {

bool plain_by_definition(const std::string& v) {
  if (v.empty()) return true;
  if (v.front() == ' ' || v.back() == ' ') return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (i > 0 && c == ' ' && v[i - 1] == ' ') return false;
  }
  return true;
}

void expect_agrees(const std::string& v) {
  const bool plain = sigv4::detail::is_plain_header_value(v);
  ASSERT_EQ(plain, plain_by_definition(v)) << "value of " << v.size() << " bytes";
  if (plain) {
    std::string out(v.size(), '\0');
    out.resize(static_cast<std::size_t>(sigv4::detail::write_trimmed_header_value(out.data(), v) - out.data()));
    ASSERT_EQ(out, v);
  }
}

TEST(HeaderValueShape, EveryShortStringOverTheBytesThatMatter) {
  // Space, tab, CR, LF, NUL, DEL, 0x1f, a letter, 0x80, 0xff: every string of up to 4 of them, then
  // placed at every position of a 17-byte value (both sides of the 8-byte word boundaries).
  const std::string alphabet = std::string(" \t\r\n", 4) + std::string(1, '\0') + "\x7f\x1f" "a\x80\xff";
  std::vector<std::string> shorts = {""};
  for (int len = 1; len <= 4; ++len) {
    std::vector<std::string> next;
    for (const auto& s : shorts)
      if (static_cast<int>(s.size()) == len - 1)
        for (char c : alphabet) next.push_back(s + c);
    shorts.insert(shorts.end(), next.begin(), next.end());
  }
  for (const auto& s : shorts) {
    expect_agrees(s);
    for (std::size_t at = 0; at <= 17; ++at) {
      std::string v(17, 'x');
      v.replace(at, std::min(s.size(), 17 - at), s.substr(0, 17 - at));
      expect_agrees(v);
    }
  }
}

TEST(HeaderValueShape, RandomValuesOfAnyLength) {
  std::mt19937 rng(20261125);
  for (int n = 0; n < 20000; ++n) {
    std::string v(rng() % 70, 'x');
    for (auto& c : v) {
      const auto r = rng() % 100;
      c = r < 80 ? static_cast<char>('!' + rng() % 94) : r < 92 ? ' ' : static_cast<char>(rng() % 256);
    }
    expect_agrees(v);
  }
}

}  // namespace
