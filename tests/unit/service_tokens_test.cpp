// The shape rules of EKS, RDS and DSQL tokens and their errors. That the tokens equal the AWS CLI's and
// botocore's is checked in tests/services/token_peer_test.cpp.
#include <gtest/gtest.h>

#include "sigv4/crypto/base64.hpp"
#include "sigv4/error.hpp"
#include "sigv4/tokens.hpp"

namespace {

using namespace sigv4;

const Credentials kCreds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const SigningTime kTime = SigningTime::parse_or_throw("20261125T120000Z");

ErrorCode error_of(auto&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no sigv4::Error thrown";
  return ErrorCode::io_error;
}

TEST(EksToken, IsPrefixPlusUnpaddedUrlSafeBase64OfThePresignedUrl) {
  const ServiceToken t = make_eks_token(kCreds, kTime, {"c", "us-west-2"});
  ASSERT_TRUE(t.token.starts_with("k8s-aws-v1."));
  const std::string_view body = std::string_view(t.token).substr(11);
  EXPECT_EQ(body.find_first_of("+/="), std::string_view::npos);
  std::vector<std::uint8_t> url;
  ASSERT_TRUE(crypto::base64url_decode(body, url));
  EXPECT_EQ(std::string(url.begin(), url.end()), t.signing.presigned_url);
}

TEST(EksToken, PresignsGetCallerIdentityOnRegionalStsWithSignedClusterHeaderFor60Seconds) {
  const ServiceToken t = make_eks_token(kCreds, kTime, {"my-cluster", "eu-west-1"});
  EXPECT_TRUE(t.signing.presigned_url.starts_with(
      "https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&"));
  EXPECT_NE(t.signing.presigned_url.find("X-Amz-Expires=60&"), std::string::npos);
  EXPECT_EQ(t.signing.signed_headers, "host;x-k8s-aws-id");
  EXPECT_NE(t.signing.canonical_request.find("\nx-k8s-aws-id:my-cluster\n"), std::string::npos);
  EXPECT_NE(t.signing.credential_scope.find("/eu-west-1/sts/aws4_request"), std::string::npos);
}

TEST(EksToken, ExpiresFourteenMinutesAfterSigningLikeTheAwsCli) {
  const ServiceToken t = make_eks_token(kCreds, kTime, {"c", "us-west-2"});
  EXPECT_EQ(t.expiration.unix_seconds() - kTime.unix_seconds(), 14 * 60);
  const std::string json = eks_exec_credential_json(t);
  EXPECT_NE(json.find(R"("expirationTimestamp": "2026-11-25T12:14:00Z")"), std::string::npos) << json;
  EXPECT_TRUE(
      json.starts_with(R"({"kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1beta1")"));
}

TEST(EksToken, RefusesEmptyClusterRegionAndNonHostStsEndpoint) {
  EXPECT_EQ(error_of([] {
              (void)make_eks_token(kCreds, kTime, {"", "us-west-2"});
            }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(error_of([] { (void)make_eks_token(kCreds, kTime, {"c", ""}); }), ErrorCode::invalid_region);
  EXPECT_EQ(error_of([] {
              (void)make_eks_token(kCreds, kTime, {"c", "us-west-2", "https://sts.example"});
            }),
            ErrorCode::malformed_url);
  EXPECT_EQ(error_of([] {
              (void)make_eks_token(Credentials(), kTime, {"c", "us-west-2"});
            }),
            ErrorCode::invalid_credentials);
}

TEST(RdsAuthToken, IsHostPortAndPresignedConnectWithoutSchemeValidFor900Seconds) {
  const ServiceToken t = make_rds_auth_token(kCreds, kTime, {"db.example.com", 5432, "alice", "us-west-2"});
  EXPECT_TRUE(t.token.starts_with("db.example.com:5432/?Action=connect&DBUser=alice&X-Amz-Algorithm="))
      << t.token;
  EXPECT_NE(t.token.find("X-Amz-Expires=900&"), std::string::npos);
  EXPECT_NE(t.signing.credential_scope.find("/us-west-2/rds-db/aws4_request"), std::string::npos);
  EXPECT_NE(t.signing.canonical_request.find("\nhost:db.example.com:5432\n"), std::string::npos);
  EXPECT_EQ(t.expiration.unix_seconds() - kTime.unix_seconds(), 900);
}

TEST(RdsAuthToken, PercentEncodesTheUserName) {
  const ServiceToken t = make_rds_auth_token(kCreds, kTime, {"db", 3306, "a b+c@d", "us-west-2"});
  EXPECT_NE(t.token.find("DBUser=a%20b%2Bc%40d&"), std::string::npos) << t.token;
}

TEST(RdsAuthToken, RefusesHostWithSchemePortOrPathAndEmptyUserOrPortZero) {
  for (const char* host : {"https://db", "db:5432", "db/x", "", "user@db", "d b"})
    EXPECT_EQ(error_of([&] {
                (void)make_rds_auth_token(kCreds, kTime, {host, 5432, "u", "r"});
              }),
              ErrorCode::malformed_url)
        << host;
  EXPECT_EQ(error_of([] {
              (void)make_rds_auth_token(kCreds, kTime, {"db", 5432, "", "r"});
            }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)make_rds_auth_token(kCreds, kTime, {"db", 0, "u", "r"});
            }),
            ErrorCode::invalid_argument);
}

TEST(DsqlAuthToken, UsesDsqlServiceNoPortAndTheChosenAction) {
  const ServiceToken admin = make_dsql_auth_token(
      kCreds, kTime, {"x.dsql.us-east-1.on.aws", "us-east-1", DsqlAction::db_connect_admin});
  EXPECT_TRUE(admin.token.starts_with("x.dsql.us-east-1.on.aws/?Action=DbConnectAdmin&")) << admin.token;
  EXPECT_NE(admin.signing.credential_scope.find("/us-east-1/dsql/aws4_request"), std::string::npos);
  const ServiceToken user =
      make_dsql_auth_token(kCreds, kTime, {"x.dsql.us-east-1.on.aws", "us-east-1", DsqlAction::db_connect});
  EXPECT_TRUE(user.token.starts_with("x.dsql.us-east-1.on.aws/?Action=DbConnect&")) << user.token;
}

TEST(DsqlAuthToken, RefusesExpiryBeyondSevenDays) {
  EXPECT_EQ(error_of([] {
              (void)make_dsql_auth_token(kCreds, kTime, {"x", "us-east-1", DsqlAction::db_connect, 604801});
            }),
            ErrorCode::expires_out_of_range);
}

}  // namespace
