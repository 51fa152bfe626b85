// Rules of the presigned-URL query parser (S3 "Authenticating Requests: Using Query Parameters").
// The queries are those real clients produced (../shared/captures: the JS SDK and minio-go).
#include "sigv4/presigned_query.hpp"

#include <gtest/gtest.h>

using sigv4::AuthParseError;
using sigv4::parse_presigned_query;

namespace {
// From js-http-presign-01 (AWS SDK for JavaScript v3).
constexpr std::string_view kJsQuery =
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIDEXAMPLE%"
    "2F20261122%"
    "2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261122T212124Z&X-Amz-Expires=900&X-Amz-Signature="
    "1413207c1e1462d1f441fbd9322b8ae3bc834b7ec3150913cfd89e574c140388&X-Amz-SignedHeaders=host&x-amz-"
    "checksum-mode="
    "ENABLED&x-id=GetObject";

std::string without(std::string q, const std::string& name) {
  const auto at = q.find(name + "=");
  auto end = q.find('&', at);
  if (end == std::string::npos) end = q.size();
  q.erase(at, end - at);
  return q;
}
std::string replaced(std::string q, const std::string& name, const std::string& value) {
  const auto at = q.find(name + "=") + name.size() + 1;
  auto end = q.find('&', at);
  if (end == std::string::npos) end = q.size();
  q.replace(at, end - at, value);
  return q;
}
}  // namespace

TEST(PresignedQuery, ReadsEveryParameterOfAJsSdkPresignedUrl) {
  const auto r = parse_presigned_query(kJsQuery);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.params->credential.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(r.params->credential.date, "20261122");
  EXPECT_EQ(r.params->credential.region, "us-east-1");
  EXPECT_EQ(r.params->credential.service, "s3");
  EXPECT_EQ(r.params->amz_date, "20261122T212124Z");
  EXPECT_EQ(r.params->expires, 900);
  EXPECT_EQ(r.params->signed_headers, std::vector<std::string>{"host"});
  EXPECT_EQ(r.params->signature, "1413207c1e1462d1f441fbd9322b8ae3bc834b7ec3150913cfd89e574c140388");
  EXPECT_EQ(r.params->content_sha256, "UNSIGNED-PAYLOAD");
  EXPECT_FALSE(r.params->security_token.has_value());
}

TEST(PresignedQuery, DecodesTheSecurityToken) {
  const auto r = parse_presigned_query(std::string(kJsQuery) + "&X-Amz-Security-Token=a%2Bb%2Fc%3D");
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.params->security_token, "a+b/c=");
}

TEST(PresignedQuery, DetectsQueryAuthentication) {
  EXPECT_TRUE(sigv4::has_presigned_parameters(kJsQuery));
  EXPECT_TRUE(sigv4::has_presigned_parameters("X-Amz-Signature=00"));
  EXPECT_FALSE(sigv4::has_presigned_parameters("x-id=PutObject&uploads="));
  EXPECT_FALSE(sigv4::has_presigned_parameters(""));
}

TEST(PresignedQuery, RequiresEachOfTheSixParameters) {
  for (const char* name : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                           "X-Amz-SignedHeaders", "X-Amz-Signature"}) {
    const auto r = parse_presigned_query(without(std::string(kJsQuery), name));
    EXPECT_EQ(r.error, AuthParseError::missing_component) << name;
  }
}

TEST(PresignedQuery, RefusesARepeatedParameter) {
  EXPECT_EQ(parse_presigned_query(std::string(kJsQuery) + "&X-Amz-Expires=60").error,
            AuthParseError::duplicate_component);
}

TEST(PresignedQuery, AlgorithmMustBeHmacSha256OrEcdsaP256Sha256) {
  EXPECT_EQ(
      parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Algorithm", "AWS4-ECDSA-P384-SHA384")).error,
      AuthParseError::unsupported_algorithm);
  // SigV4a is read, and needs its X-Amz-Region-Set (sigv4a_verifier_test.cpp has the full form).
  EXPECT_EQ(
      parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Algorithm", "AWS4-ECDSA-P256-SHA256")).error,
      AuthParseError::missing_component);
}

TEST(PresignedQuery, DateMustBeIso8601Basic) {
  EXPECT_EQ(
      parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Date", "2026-11-22T21:21:24Z")).error,
      AuthParseError::malformed_date);
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Date", "20261322T212124Z")).error,
            AuthParseError::malformed_date);
}

TEST(PresignedQuery, ExpiresMustBeANumberButItsRangeIsTheVerifiersRule) {
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Expires", "abc")).error,
            AuthParseError::malformed_expires);
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Expires", "")).error,
            AuthParseError::malformed_expires);
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Expires", "99999999999999999999999"))
                .error,
            AuthParseError::malformed_expires);
  const auto big = parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Expires", "604801"));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big.params->expires, 604801);
}

TEST(PresignedQuery, CredentialAndSignatureAreCheckedLikeTheHeaderForm) {
  EXPECT_EQ(
      parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Credential", "AKIDEXAMPLE%2F20261122"))
          .error,
      AuthParseError::malformed_credential);
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Signature", "1413")).error,
            AuthParseError::malformed_signature);
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-SignedHeaders", "Host")).error,
            AuthParseError::malformed_signed_headers);
  EXPECT_EQ(parse_presigned_query(replaced(std::string(kJsQuery), "X-Amz-Credential", "AKID%2")).error,
            AuthParseError::malformed_query);
}

TEST(PresignedQuery, NeverThrowsOnArbitraryBytes) {
  const std::string base(kJsQuery);
  for (std::size_t cut = 0; cut <= base.size(); ++cut) {
    EXPECT_NO_THROW((void)parse_presigned_query(base.substr(0, cut)));
    EXPECT_NO_THROW((void)sigv4::has_presigned_parameters(base.substr(cut)));
  }
}
