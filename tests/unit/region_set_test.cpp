// The SigV4a region set (sigv4/region_set.hpp): its canonical form and which regions it covers.
#include <gtest/gtest.h>

#include "sigv4/error.hpp"
#include "sigv4/region_set.hpp"

namespace {

using namespace sigv4;

std::string normalized(std::string_view in) {
  std::string out;
  normalize_region_set(in, out);
  return out;
}

TEST(RegionSetSyntax, ElementsAreTrimmedAndJoinedWithCommas) {
  EXPECT_EQ(normalized("us-east-1"), "us-east-1");
  EXPECT_EQ(normalized("*"), "*");
  EXPECT_EQ(normalized("us-east-1, us-west-2 ,eu-*"), "us-east-1,us-west-2,eu-*");
}

TEST(RegionSetSyntax, EmptyElementsAndForeignCharactersAreInvalidRegion) {
  for (std::string_view bad : {"", " ", "us-east-1,", ",us-east-1", "us-east-1,,us-west-2", "us east 1", "a/b",
                               "us-east-1;x", "us-east-1\n"}) {
    try {
      (void)normalized(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_region) << bad;
    }
  }
}

TEST(RegionSetMatch, StarMatchesEveryRegion) {
  EXPECT_TRUE(region_set_contains("*", "us-east-1"));
  EXPECT_TRUE(region_set_contains("*", "ap-southeast-2"));
}

TEST(RegionSetMatch, ListMatchesItsMembersOnly) {
  EXPECT_TRUE(region_set_contains("us-east-1,us-west-2", "us-west-2"));
  EXPECT_TRUE(region_set_contains("us-east-1, us-west-2", "us-west-2"));
  EXPECT_FALSE(region_set_contains("us-east-1,us-west-2", "eu-west-1"));
  EXPECT_FALSE(region_set_contains("us-east-1", "us-east-10"));
  EXPECT_FALSE(region_set_contains("us-east-10", "us-east-1"));
}

TEST(RegionSetMatch, WildcardMatchesAnyRunOfCharacters) {
  EXPECT_TRUE(region_set_contains("us-*", "us-east-1"));
  EXPECT_TRUE(region_set_contains("*-east-*", "us-east-1"));
  EXPECT_FALSE(region_set_contains("us-*", "eu-west-1"));
  EXPECT_TRUE(region_set_contains("us-east-*", "us-east-"));
}

TEST(RegionSetMatch, ComparisonIgnoresAsciiCase) { EXPECT_TRUE(region_set_contains("US-EAST-1", "us-east-1")); }

TEST(RegionSetMatch, MalformedSetsAndRegionsMatchNothing) {
  EXPECT_FALSE(region_set_contains("", "us-east-1"));
  EXPECT_FALSE(region_set_contains("us-east-1,,", "us-east-1"));
  EXPECT_FALSE(region_set_contains("*", ""));
  EXPECT_FALSE(region_set_contains("*", "us east"));
  EXPECT_FALSE(region_set_contains("us-east-1", "*"));  // a server region is never a pattern
}

}  // namespace
