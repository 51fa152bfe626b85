// S3 presign rules that need no oracle: addressing style choice, key encoding, expiry capping and its
// warnings, refused inputs. Equality with botocore is in tests/services/s3_presign_peer_test.cpp.
#include "sigv4/s3_presign.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "sigv4/error.hpp"

namespace {

using namespace sigv4;

const SigningTime kTime = SigningTime::parse_or_throw("20261125T120000Z");

Credentials temporary(std::int64_t seconds_left) {
  Credentials c("ASIAEXAMPLE", "secret", "session-token");
  c.expiration =
      std::chrono::system_clock::time_point(std::chrono::seconds(kTime.unix_seconds() + seconds_left));
  return c;
}

S3PresignRequest request(std::string bucket, std::string key, std::string region = "us-west-2") {
  S3PresignRequest r;
  r.bucket = std::move(bucket);
  r.key = std::move(key);
  r.region = std::move(region);
  return r;
}

ErrorCode error_of(auto&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no sigv4::Error thrown";
  return ErrorCode::io_error;
}

TEST(S3Address, KeyIsEncodedOnceKeepingSlashes) {
  EXPECT_EQ(s3_encode_key("a b+c=d@e/\xc3\xbc//x/"), "a%20b%2Bc%3Dd%40e/%C3%BC//x/");
  EXPECT_EQ(s3_encode_key("100%"), "100%25");
}

TEST(S3Address, AutomaticStyleIsVirtualHostedForDnsCompatibleBucketsOnAws) {
  EXPECT_EQ(s3_address("my-bucket", "k", "us-west-2", "", S3AddressingStyle::automatic).url(),
            "https://my-bucket.s3.us-west-2.amazonaws.com/k");
  EXPECT_EQ(s3_address("my-bucket", "k", "us-east-1", "", S3AddressingStyle::automatic).url(),
            "https://my-bucket.s3.amazonaws.com/k");
  EXPECT_EQ(s3_address("my-bucket", "k", "cn-north-1", "", S3AddressingStyle::automatic).url(),
            "https://my-bucket.s3.cn-north-1.amazonaws.com.cn/k");
}

TEST(S3Address, AutomaticStyleFallsBackToPathForDotsUpperCaseUnderscoresAndCustomEndpoints) {
  EXPECT_EQ(s3_address("my.bucket", "k", "us-west-2", "", S3AddressingStyle::automatic).url(),
            "https://s3.us-west-2.amazonaws.com/my.bucket/k");
  EXPECT_EQ(s3_address("My_Bucket", "k", "us-west-2", "", S3AddressingStyle::automatic).url(),
            "https://s3.us-west-2.amazonaws.com/My_Bucket/k");
  EXPECT_EQ(s3_address("b1", "k", "us-west-2", "", S3AddressingStyle::automatic).url(),
            "https://s3.us-west-2.amazonaws.com/b1/k");
  EXPECT_EQ(s3_address("bucket", "a b", "", "http://127.0.0.1:9000", S3AddressingStyle::automatic).url(),
            "http://127.0.0.1:9000/bucket/a%20b");
  EXPECT_EQ(s3_address("bucket", "", "", "http://localhost:80", S3AddressingStyle::automatic).url(),
            "http://localhost/bucket");
}

TEST(S3Address, ExplicitStylesAreObeyed) {
  EXPECT_EQ(
      s3_address("bucket", "k", "eu-west-1", "http://minio.local:9000", S3AddressingStyle::virtual_hosted)
          .url(),
      "http://bucket.minio.local:9000/k");
  EXPECT_EQ(s3_address("bucket", "k", "eu-west-1", "", S3AddressingStyle::path).url(),
            "https://s3.eu-west-1.amazonaws.com/bucket/k");
}

TEST(S3Address, RefusesEmptyBucketSlashInBucketAndEndpointWithPath) {
  EXPECT_EQ(error_of([] { (void)s3_address("", "k", "r", "", S3AddressingStyle::automatic); }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(error_of([] { (void)s3_address("a/b", "k", "r", "", S3AddressingStyle::automatic); }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(error_of([] { (void)s3_address("b", "k", "r", "http://h/base", S3AddressingStyle::automatic); }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(error_of([] { (void)s3_address("b", "k", "r", "ftp://h", S3AddressingStyle::automatic); }),
            ErrorCode::malformed_url);
}

TEST(S3PresignExpiry, MoreThanSevenDaysIsCappedWithAWarning) {
  S3PresignRequest r = request("b", "k");
  r.expires_seconds = 30 * 86400;
  const S3PresignResult p = presign_s3(Credentials("AKID", "secret"), kTime, r);
  EXPECT_EQ(p.expires_seconds, 604800);
  EXPECT_NE(p.url.find("X-Amz-Expires=604800&"), std::string::npos);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].code, ExpiryWarning::capped_at_seven_days);
}

TEST(S3PresignExpiry, TemporaryCredentialsExpiringFirstCapTheUrlWithAWarning) {
  S3PresignRequest r = request("b", "k");
  r.expires_seconds = 7200;
  const S3PresignResult p = presign_s3(temporary(1800), kTime, r);
  EXPECT_EQ(p.expires_seconds, 1800);
  EXPECT_NE(p.url.find("X-Amz-Expires=1800&"), std::string::npos);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].code, ExpiryWarning::capped_at_credentials);
  EXPECT_NE(p.warnings[0].message.find("2026-11-25T12:30:00Z"), std::string::npos) << p.warnings[0].message;
  EXPECT_NE(p.url.find("X-Amz-Security-Token=session-token&"), std::string::npos);
}

TEST(S3PresignExpiry, CredentialsOutlivingTheUrlLeaveItAlone) {
  const S3PresignResult p = presign_s3(temporary(86400), kTime, request("b", "k"));
  EXPECT_EQ(p.expires_seconds, 3600);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(S3PresignExpiry, ExpiredCredentialsAndNonPositiveExpiryAreRefused) {
  EXPECT_EQ(error_of([] { (void)presign_s3(temporary(0), kTime, request("b", "k")); }),
            ErrorCode::invalid_credentials);
  S3PresignRequest r = request("b", "k");
  r.expires_seconds = 0;
  EXPECT_EQ(error_of([&] { (void)presign_s3(Credentials("AKID", "secret"), kTime, r); }),
            ErrorCode::expires_out_of_range);
}

TEST(S3PresignHeaders, SignedHeadersAreListedForTheCallerAndSignerOwnedOnesRefused) {
  S3PresignRequest r = request("b", "k");
  r.method = "PUT";
  r.signed_headers = {{"Content-Type", "image/png"}, {"x-amz-meta-a", "1"}};
  const S3PresignResult p = presign_s3(Credentials("AKID", "secret"), kTime, r);
  EXPECT_EQ(p.signing.signed_headers, "content-type;host;x-amz-meta-a");
  EXPECT_EQ(p.headers_to_send, r.signed_headers);
  for (const char* owned :
       {"Host", "Authorization", "X-Amz-Date", "x-amz-security-token", "X-Amz-Content-Sha256"}) {
    r.signed_headers = {{owned, "x"}};
    EXPECT_EQ(error_of([&] { (void)presign_s3(Credentials("AKID", "secret"), kTime, r); }),
              ErrorCode::invalid_argument)
        << owned;
  }
}

TEST(S3PresignQuery, OverridesAndVersionIdAreSentAndSigned) {
  S3PresignRequest r = request("b", "k");
  r.version_id = "v+1";
  r.response.content_disposition = "attachment; filename=\"a b\"";
  const S3PresignResult p = presign_s3(Credentials("AKID", "secret"), kTime, r);
  EXPECT_NE(
      p.url.find("?versionId=v%2B1&response-content-disposition=attachment%3B%20filename%3D%22a%20b%22&"),
      std::string::npos)
      << p.url;
  EXPECT_NE(p.signing.canonical_request.find(
                "response-content-disposition=attachment%3B%20filename%3D%22a%20b%22&"),
            std::string::npos);
}

}  // namespace
