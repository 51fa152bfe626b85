// The signer copies a header value into the canonical request as is when detail::header_value_shape()
// finds neither a control byte nor a space in it, and trims the others. That check is written for
// speed (one accumulator without early exit, so it vectorises); here it is held against the plain
// definition, on every short string over an alphabet of the bytes that matter, placed on both sides
// of the vector and word boundaries, and on random longer ones; and a value it calls plain must come
// out of write_trimmed_header_value unchanged (else the signature would differ from botocore's).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/char_classes.hpp"

namespace {

std::uint8_t shape_by_definition(const std::string& v) {
  std::uint8_t shape = sigv4::detail::kValuePlain;
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) shape |= sigv4::detail::kValueControl;
    if (c == ' ') shape |= sigv4::detail::kValueSpace;
  }
  return shape;
}

void expect_agrees(const std::string& v) {
  const std::uint8_t shape = sigv4::detail::header_value_shape(v);
  ASSERT_EQ(shape, shape_by_definition(v)) << "value of " << v.size() << " bytes";
  if (shape == sigv4::detail::kValuePlain) {
    std::string out(v.size(), '\0');
    out.resize(static_cast<std::size_t>(sigv4::detail::write_trimmed_header_value(out.data(), v) - out.data()));
    ASSERT_EQ(out, v);
  }
}

TEST(HeaderValueShape, EveryShortStringOverTheBytesThatMatter) {
  // Space, tab, CR, LF, NUL, DEL, 0x1f, a letter, 0x80, 0xff: every string of up to 4 of them, alone and
  // placed at every position of a 40-byte value.
  const std::string alphabet = std::string(" \t\r\n", 4) + std::string(1, '\0') + "\x7f\x1f" "a\x80\xff";
  std::vector<std::string> shorts = {""};
  for (std::size_t len = 1; len <= 4; ++len) {
    std::vector<std::string> next;
    for (const auto& s : shorts)
      if (s.size() == len - 1)
        for (char c : alphabet) next.push_back(s + c);
    shorts.insert(shorts.end(), next.begin(), next.end());
  }
  for (const auto& s : shorts) {
    expect_agrees(s);
    for (std::size_t at = 0; at <= 40; at += 3) {
      std::string v(40, 'x');
      v.replace(at, std::min(s.size(), 40 - at), s.substr(0, 40 - at));
      expect_agrees(v);
    }
  }
}

TEST(HeaderValueShape, RandomValuesOfAnyLength) {
  std::mt19937 rng(20261125);
  for (int n = 0; n < 20000; ++n) {
    std::string v(rng() % 300, 'x');
    for (auto& c : v) {
      const auto r = rng() % 1000;
      c = r < 990 ? static_cast<char>('!' + rng() % 94) : r < 995 ? ' ' : static_cast<char>(rng() % 256);
    }
    expect_agrees(v);
  }
}

}  // namespace
