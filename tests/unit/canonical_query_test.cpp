// Canonical query string rules (SigV4 "Create a canonical request": CanonicalQueryString).
#include <gtest/gtest.h>

#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"

namespace {

std::string canonical_query(std::string_view q) {
  std::string out;
  sigv4::CanonicalScratch scratch;
  sigv4::append_canonical_query(out, q, scratch);
  return out;
}

TEST(CanonicalQuery, EmptyQueryIsEmpty) { EXPECT_EQ(canonical_query(""), ""); }

TEST(CanonicalQuery, SortedByEncodedKeyInByteOrder) {
  EXPECT_EQ(canonical_query("b=2&a=1&B=3&_=4"), "B=3&_=4&a=1&b=2");
}

TEST(CanonicalQuery, RepeatedKeysAreKeptAndSortedByValue) {
  EXPECT_EQ(canonical_query("k=b&k=a&k=c"), "k=a&k=b&k=c");
}

TEST(CanonicalQuery, KeyWithoutEqualsGetsAnEmptyValue) {
  EXPECT_EQ(canonical_query("acl"), "acl=");
  EXPECT_EQ(canonical_query("a=&b"), "a=&b=");
}

TEST(CanonicalQuery, OnlyTheFirstEqualsSplits) { EXPECT_EQ(canonical_query("a=b=c"), "a=b%3Dc"); }

TEST(CanonicalQuery, PlusIsALiteralPlusNotASpace) {
  EXPECT_EQ(canonical_query("a=b+c"), "a=b%2Bc");
  EXPECT_EQ(canonical_query("a=b%20c"), "a=b%20c");
}

TEST(CanonicalQuery, DecodedThenReEncodedWithUpperCaseHex) {
  EXPECT_EQ(canonical_query("k=%e1%88%b4"), "k=%E1%88%B4");
  EXPECT_EQ(canonical_query("k=%41%7e"), "k=A~");
  EXPECT_EQ(canonical_query("%2F=/"), "%2F=%2F");
  EXPECT_EQ(canonical_query("k=\xe1\x88\xb4"), "k=%E1%88%B4");
}

TEST(CanonicalQuery, SortIsOnTheEncodedFormNotTheDecodedOne) {
  // Decoded, '.' (0x2E) sorts before '/' (0x2F); encoded, "%2F" sorts before "." because '%' is 0x25.
  EXPECT_EQ(canonical_query(".=1&%2F=2"), "%2F=2&.=1");
  // Decoded, '~' (0x7E) sorts before 'é' (0xC3 0xA9); encoded, "%C3%A9" sorts first.
  EXPECT_EQ(canonical_query("~=1&%C3%A9=2"), "%C3%A9=2&~=1");
}

TEST(CanonicalQuery, EmptyParametersBetweenAmpersandsAreSkipped) {
  EXPECT_EQ(canonical_query("a=1&&b=2&"), "a=1&b=2");
}

TEST(CanonicalQuery, MalformedEscapeIsAnError) {
  for (std::string_view bad : {"a=%", "a=%4", "%zz=1", "a=%4g"}) {
    try {
      (void)canonical_query(bad);
      ADD_FAILURE() << bad;
    } catch (const sigv4::Error& e) {
      EXPECT_EQ(e.code(), sigv4::ErrorCode::malformed_percent_escape);
    }
  }
}

TEST(CanonicalQuery, ExtraParametersAreMergedAndSkippedKeysDropped) {
  std::string out;
  sigv4::CanonicalScratch scratch;
  sigv4::append_canonical_query(out, "z=1&X-Amz-Signature=abc&a=2", scratch, {{"m", "a/b"}}, {"X-Amz-Signature"});
  EXPECT_EQ(out, "a=2&m=a%2Fb&z=1");
}

}  // namespace
