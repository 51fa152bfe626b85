// Canonical URI rules (SigV4 "Create a canonical request": CanonicalURI), S3 and non-S3.
#include <gtest/gtest.h>

#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"

namespace {

using sigv4::PathNormalization;
using sigv4::UriEncoding;

std::string uri(std::string_view path, UriEncoding e, PathNormalization n) {
  std::string out;
  sigv4::append_canonical_uri(out, path, e, n);
  return out;
}
std::string non_s3(std::string_view path) { return uri(path, UriEncoding::double_encode, PathNormalization::normalize); }
std::string s3(std::string_view path) { return uri(path, UriEncoding::single_encode, PathNormalization::as_given); }

TEST(CanonicalUri, UnreservedCharactersAreNeverEncoded) {
  EXPECT_EQ(non_s3("/AZaz09-_.~"), "/AZaz09-_.~");
  EXPECT_EQ(s3("/AZaz09-_.~"), "/AZaz09-_.~");
}

TEST(CanonicalUri, EverythingElseIsEncodedUpperCaseHex) {
  EXPECT_EQ(non_s3("/a b"), "/a%20b");
  EXPECT_EQ(non_s3("/\xe1\x88\xb4"), "/%E1%88%B4");
  EXPECT_EQ(non_s3("/!$&'()*+,;=:@"), "/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40");
}

TEST(CanonicalUri, NonS3EncodesTheWirePathAgainSoPercentBecomes25) {
  EXPECT_EQ(non_s3("/my%20photo.jpg"), "/my%2520photo.jpg");
  EXPECT_EQ(non_s3("/a%2Fb"), "/a%252Fb");
}

TEST(CanonicalUri, NonS3RemovesDotSegmentsAndEmptySegmentsKeepingATrailingSlash) {
  EXPECT_EQ(non_s3("/a/./b/../c//d/"), "/a/c/d/");
  EXPECT_EQ(non_s3("/example/.."), "/");
  EXPECT_EQ(non_s3("/../../a"), "/a");
  EXPECT_EQ(non_s3("//"), "/");
  EXPECT_EQ(non_s3("/./"), "/");
  EXPECT_EQ(non_s3("/a/."), "/a");
  EXPECT_EQ(non_s3("/a/b/.."), "/a");
  EXPECT_EQ(non_s3("/a//b"), "/a/b");
}

TEST(CanonicalUri, EmptyPathIsSlash) {
  EXPECT_EQ(non_s3(""), "/");
  EXPECT_EQ(s3(""), "/");
}

TEST(CanonicalUri, NormalisationCanBeTurnedOffForNonS3) {
  EXPECT_EQ(uri("/a/./b/../c//d/", UriEncoding::double_encode, PathNormalization::as_given), "/a/./b/../c//d/");
}

TEST(CanonicalUri, S3UsesThePathAsGivenWithoutNormalising) {
  EXPECT_EQ(s3("/bucket/a/../b//c/./d"), "/bucket/a/../b//c/./d");
  EXPECT_EQ(s3("/my%20photo.jpg"), "/my%20photo.jpg");
  EXPECT_EQ(s3("/key%2Bplus%3Deq"), "/key%2Bplus%3Deq");
  EXPECT_EQ(s3("/a+b=c@d"), "/a+b=c@d");
}

TEST(CanonicalUri, S3EncodesBytesThatCannotStandInAUri) {
  EXPECT_EQ(s3("/a b"), "/a%20b");
  EXPECT_EQ(s3("/\xc3\xbc"), "/%C3%BC");
  EXPECT_EQ(s3("/a\"b<c>"), "/a%22b%3Cc%3E");
}

TEST(CanonicalUri, MalformedPercentEscapeIsAnError) {
  for (std::string_view bad : {"/a%", "/a%2", "/a%zz", "/%G0"}) {
    try {
      (void)s3(bad);
      ADD_FAILURE() << bad;
    } catch (const sigv4::Error& e) {
      EXPECT_EQ(e.code(), sigv4::ErrorCode::malformed_percent_escape) << bad;
    }
    EXPECT_THROW((void)non_s3(bad), sigv4::Error) << bad;
  }
}

}  // namespace
