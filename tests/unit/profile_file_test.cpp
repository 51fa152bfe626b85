// The shared config/credentials file format (AWS SDKs and Tools Reference Guide, "Configuration and
// credential file format"), one test per rule, plus the limits that bound the parser.
#include <gtest/gtest.h>

#include "sigv4/profile_file.hpp"

using namespace sigv4;

namespace {
ProfileFileParse config(std::string_view text) { return parse_profile_file(text, ProfileFileKind::config); }
ProfileFileParse credentials(std::string_view text) { return parse_profile_file(text, ProfileFileKind::credentials); }
}  // namespace

TEST(ProfileFile, ConfigProfilesNeedTheProfilePrefixExceptDefault) {
  const auto p = config("[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[bare]\nregion = x\n");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.file.profiles.at("default").at("region"), "us-east-1");
  EXPECT_EQ(p.file.profiles.at("dev").at("region"), "eu-west-1");
  EXPECT_EQ(p.file.profiles.count("bare"), 0u);  // ignored, as the SDKs do
}

TEST(ProfileFile, CredentialsFileSectionsAreProfileNames) {
  const auto p = credentials("[dev]\naws_access_key_id = A\n");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.file.profiles.at("dev").at("aws_access_key_id"), "A");
}

TEST(ProfileFile, ProfileDefaultWinsOverDefault) {
  const auto p = config("[profile default]\nregion = a\n[default]\nregion = b\n");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.file.profiles.at("default").at("region"), "a");
}

TEST(ProfileFile, OtherSectionKindsAreKeptApart) {
  const auto p = config("[sso-session my]\nsso_region = us-east-1\n[services s]\ns3 =\n  endpoint_url = http://x\n");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.file.sections.at("sso-session my").at("sso_region"), "us-east-1");
  EXPECT_EQ(p.file.sections.at("services s").at("s3.endpoint_url"), "http://x");
}

TEST(ProfileFile, BlanksAroundNamesKeysAndValuesAreTrimmed) {
  const auto p = config("[  profile   spaced  ]\n  \n\tkey\t=\t value with  inner  spaces \t\r\n");
  // An indented first property line is a continuation without a property: the error names line 3.
  EXPECT_FALSE(p.ok());
  const auto q = config("[  profile   spaced  ]\nkey\t=\t value with  inner  spaces \t\r\n");
  ASSERT_TRUE(q.ok()) << q.error;
  EXPECT_EQ(q.file.profiles.at("spaced").at("key"), "value with  inner  spaces");
}

TEST(ProfileFile, CommentLinesAndInlineCommentsAfterABlank) {
  const auto p = config("# c1\n; c2\n[default] # c3\nregion = us-west-2 # c4\nkey = a#b;c ;c5\n");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.file.profiles.at("default").at("region"), "us-west-2");
  EXPECT_EQ(p.file.profiles.at("default").at("key"), "a#b;c");
}

TEST(ProfileFile, ContinuationLinesAppendOrMakeSubProperties) {
  const auto p = config("[default]\nlong = first\n  second\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n");
  ASSERT_TRUE(p.ok()) << p.error;
  const auto& d = p.file.profiles.at("default");
  EXPECT_EQ(d.at("long"), "first\nsecond");
  EXPECT_EQ(d.at("s3.max_concurrent_requests"), "20");
  EXPECT_EQ(d.at("s3.addressing_style"), "path");
}

TEST(ProfileFile, RepeatedSectionsMergeAndTheLastKeyWins) {
  const auto p = credentials("[a]\nx = 1\ny = 1\n[b]\nx = 2\n[a]\nx = 3\n");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.file.profiles.at("a").at("x"), "3");
  EXPECT_EQ(p.file.profiles.at("a").at("y"), "1");
}

TEST(ProfileFile, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    std::size_t line;
  };
  for (const Case& c : {Case{"key = before any section\n", 1}, Case{"[default]\nno equals sign\n", 2},
                        Case{"[default\n", 1}, Case{"[default]\n\n  orphan continuation\n", 3},
                        Case{"[]\n", 1}, Case{"[default]\n= no key\n", 2}, Case{"[default] junk\n", 1}}) {
    const auto p = credentials(c.text);
    EXPECT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.error_line, c.line) << c.text << " -> " << p.error;
  }
}

TEST(ProfileFile, LimitsAreEnforced) {
  ProfileFileLimits small;
  small.max_bytes = 64;
  EXPECT_FALSE(parse_profile_file(std::string(65, '#'), ProfileFileKind::config, small).ok());
  small = {};
  small.max_line_length = 10;
  EXPECT_FALSE(parse_profile_file("[default]\nkey = 0123456789\n", ProfileFileKind::config, small).ok());
  small = {};
  small.max_sections = 2;
  EXPECT_FALSE(parse_profile_file("[a]\n[b]\n[c]\n", ProfileFileKind::credentials, small).ok());
  small = {};
  small.max_properties = 2;
  EXPECT_FALSE(parse_profile_file("[a]\nx=1\ny=2\nz=3\n", ProfileFileKind::credentials, small).ok());
}

TEST(ProfileFile, EmptyInputAndCrlfLineEndings) {
  EXPECT_TRUE(config("").ok());
  const auto p = credentials("[a]\r\nx = 1\r\n");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.file.profiles.at("a").at("x"), "1");
}
