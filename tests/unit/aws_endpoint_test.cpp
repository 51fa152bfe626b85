// Service and region inferred from AWS host names (endpoint patterns of the AWS General Reference and
// the S3 User Guide's virtual-hosted and path-style addressing).
#include <gtest/gtest.h>

#include "sigv4/aws_endpoint.hpp"

using namespace sigv4;

namespace {
void expect(std::string_view host, const char* service, std::optional<std::string> region) {
  const auto r = infer_service_region(host);
  ASSERT_TRUE(r) << host;
  EXPECT_EQ(r->service, service) << host;
  EXPECT_EQ(r->region, region) << host;
}
}  // namespace

TEST(InferServiceRegion, S3GlobalVirtualHostedRegionalDualstackAndLegacyDash) {
  expect("s3.amazonaws.com", "s3", "us-east-1");
  expect("examplebucket.s3.amazonaws.com", "s3", "us-east-1");
  expect("my.dotted.bucket.s3.eu-west-1.amazonaws.com", "s3", "eu-west-1");
  expect("s3.dualstack.ap-south-1.amazonaws.com", "s3", "ap-south-1");
  expect("bucket.s3-us-west-2.amazonaws.com", "s3", "us-west-2");
  expect("s3-external-1.amazonaws.com", "s3", "us-east-1");
  expect("s3-fips.us-gov-west-1.amazonaws.com", "s3", "us-gov-west-1");
  expect("bucket.s3-accelerate.amazonaws.com", "s3", std::nullopt);
  expect("BUCKET.S3.US-EAST-2.AMAZONAWS.COM:443", "s3", "us-east-2");
}

TEST(InferServiceRegion, RegionalAndGlobalServiceEndpoints) {
  expect("sts.us-east-1.amazonaws.com", "sts", "us-east-1");
  expect("dynamodb.eu-central-1.amazonaws.com", "dynamodb", "eu-central-1");
  expect("email.us-west-2.amazonaws.com", "ses", "us-west-2");
  expect("sts-fips.us-east-2.amazonaws.com", "sts", "us-east-2");
  expect("iam.amazonaws.com", "iam", "us-east-1");
  expect("sts.cn-north-1.amazonaws.com.cn", "sts", "cn-north-1");
}

TEST(InferServiceRegion, ApiGatewayOpenSearchAndLambdaUrls) {
  expect("abc123.execute-api.us-east-1.amazonaws.com", "execute-api", "us-east-1");
  expect("search-mydomain-xyz.eu-west-1.es.amazonaws.com", "es", "eu-west-1");
  expect("abcdefg.lambda-url.us-west-2.on.aws", "lambda", "us-west-2");
}

TEST(InferServiceRegion, OtherHostsAreNotGuessed) {
  for (const char* host : {"127.0.0.1:9000", "localhost", "[::1]:8080", "example.com", "amazonaws.com",
                           "minio.internal", "s3.example.com", "on.aws"})
    EXPECT_FALSE(infer_service_region(host)) << host;
}
