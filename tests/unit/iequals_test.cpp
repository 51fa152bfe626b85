// iequals (request.hpp) compares header names eight bytes at a time, lower-casing each word with a
// carry-free bit trick instead of a byte at a time, and detail::iequals_lowered does the same with one
// side known to be lower case already. Here both are held against the plain definition
// (lower-case ASCII 'A'..'Z', every other byte as it is, including bytes >= 0x80): every pair of single
// bytes; every byte at every position of strings of lengths 1 to 40 (so each position of the short
// packing, the whole words and the overlapping last word is covered), against a lower, an upper and a
// one-letter-changed twin; and random strings over an alphabet of the bytes next to the letter ranges.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "sigv4/request.hpp"

namespace {

unsigned char lower_by_definition(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
}

bool iequals_by_definition(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_by_definition(static_cast<unsigned char>(a[i])) !=
        lower_by_definition(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string lowered(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(lower_by_definition(static_cast<unsigned char>(ch)));
  return s;
}

// iequals both ways, and detail::iequals_lowered against the lower-cased other side (its precondition).
void expect_agrees(const std::string& a, const std::string& b) {
  ASSERT_EQ(sigv4::iequals(a, b), iequals_by_definition(a, b)) << "sizes " << a.size() << ", " << b.size();
  ASSERT_EQ(sigv4::iequals(b, a), iequals_by_definition(b, a)) << "sizes " << b.size() << ", " << a.size();
  ASSERT_EQ(sigv4::detail::iequals_lowered(a, lowered(b)), iequals_by_definition(a, b))
      << "sizes " << a.size() << ", " << b.size();
  ASSERT_EQ(sigv4::detail::iequals_lowered(b, lowered(a)), iequals_by_definition(b, a))
      << "sizes " << b.size() << ", " << a.size();
}

TEST(Iequals, EveryPairOfBytes) {
  for (unsigned x = 0; x < 256; ++x)
    for (unsigned y = 0; y < 256; ++y)
      expect_agrees(std::string(1, static_cast<char>(x)), std::string(1, static_cast<char>(y)));
}

TEST(Iequals, LowerCaseWordMatchesTheDefinitionOnEveryByte) {
  for (unsigned c = 0; c < 256; ++c) {
    const std::uint64_t word = 0x0101010101010101ULL * c;
    EXPECT_EQ(sigv4::detail::ascii_lower8(word),
              0x0101010101010101ULL * lower_by_definition(static_cast<unsigned char>(c)))
        << c;
  }
}

TEST(Iequals, EveryByteAtEveryPosition) {
  for (std::size_t n = 1; n <= 40; ++n) {
    const std::string base = std::string("x-Amz-Content-SHA256-Authorization-Host!").substr(0, n);
    for (std::size_t pos = 0; pos < n; ++pos) {
      for (unsigned c = 0; c < 256; ++c) {
        std::string a = base;
        a[pos] = static_cast<char>(c);
        std::string lower = a, upper = a;
        for (auto& ch : lower) ch = static_cast<char>(lower_by_definition(static_cast<unsigned char>(ch)));
        for (auto& ch : upper)
          if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
        expect_agrees(a, base);
        expect_agrees(a, lower);
        expect_agrees(a, upper);
        // The same string but for one byte elsewhere: must differ unless that byte only changed case.
        for (std::size_t other = 0; other < n; other += 3) {
          std::string twin = a;
          twin[other] = static_cast<char>(twin[other] ^ 0x20);
          expect_agrees(a, twin);
          twin[other] = static_cast<char>(twin[other] ^ 0xa0);
          expect_agrees(a, twin);
        }
      }
    }
  }
}

TEST(Iequals, RandomStringsOverTheBytesNextToTheLetterRanges) {
  // '@' and '[' border 'A'..'Z', '`' and '{' border 'a'..'z'; 0xc1, 0xda, 0xe1 and 0xfa are the letters
  // with the top bit set, which must not be lower-cased.
  static const char kAlphabet[] = "@AZ[`az{-_09 \x7f\x80\xc1\xda\xe1\xfa\xff";
  const std::string alphabet(kAlphabet, sizeof kAlphabet);  // the terminating NUL too
  std::mt19937 rng(20260611);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(0, 48);
  std::bernoulli_distribution flip(0.3);
  for (int i = 0; i < 200000; ++i) {
    std::string a(length(rng), '\0');
    for (auto& ch : a) ch = alphabet[pick(rng)];
    std::string b = a;
    for (auto& ch : b)
      if (flip(rng)) ch = flip(rng) ? static_cast<char>(ch ^ 0x20) : alphabet[pick(rng)];
    expect_agrees(a, b);
  }
}

TEST(Iequals, DifferentSizesNeverMatch) {
  EXPECT_FALSE(sigv4::iequals("host", "hos"));
  EXPECT_FALSE(sigv4::iequals("", "a"));
  EXPECT_TRUE(sigv4::iequals("", ""));
  EXPECT_TRUE(sigv4::iequals("X-Amz-Content-Sha256", "x-amz-content-sha256"));
  EXPECT_FALSE(sigv4::iequals("x-amz-content-sha257", "x-amz-content-sha256"));
}

}  // namespace
