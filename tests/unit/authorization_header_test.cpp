// Rules of the Authorization header parser (S3 "Authenticating Requests: Using the Authorization
// Header"). The accepted forms are the ones real clients send (see ../shared/captures: the JS SDK
// writes ", " between components, minio-go writes "," alone).
#include "sigv4/authorization_header.hpp"

#include <gtest/gtest.h>

using sigv4::AuthParseError;
using sigv4::parse_authorization_header;

namespace {
constexpr const char* kSig = "f52b0f22e733db215f31f86a1dec57962f99551fafa88ed963247e110727e37c";
std::string header(const std::string& sep) {
  return std::string("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request") + sep +
         "SignedHeaders=host;x-amz-content-sha256;x-amz-date" + sep + "Signature=" + kSig;
}
}  // namespace

TEST(AuthorizationHeader, ReadsTheThreeComponentsAsTheJsSdkSendsThem) {
  const auto r = parse_authorization_header(header(", "));
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.params->algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(r.params->credential.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(r.params->credential.date, "20261122");
  EXPECT_EQ(r.params->credential.region, "us-east-1");
  EXPECT_EQ(r.params->credential.service, "s3");
  EXPECT_EQ(r.params->signed_headers,
            (std::vector<std::string>{"host", "x-amz-content-sha256", "x-amz-date"}));
  EXPECT_EQ(r.params->signed_headers_text, "host;x-amz-content-sha256;x-amz-date");
  EXPECT_EQ(r.params->signature, kSig);
}

TEST(AuthorizationHeader, AcceptsCommasWithoutSpacesAsMinioGoSendsThem) {
  const auto r = parse_authorization_header(header(","));
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.params->signature, kSig);
}

TEST(AuthorizationHeader, AcceptsTheComponentsInAnyOrder) {
  const auto r = parse_authorization_header(
      std::string("AWS4-HMAC-SHA256 Signature=") + kSig +
      ",SignedHeaders=host, Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request");
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.params->signed_headers, std::vector<std::string>{"host"});
  EXPECT_EQ(r.params->credential.access_key_id, "AKIDEXAMPLE");
}

TEST(AuthorizationHeader, RefusesAnotherAlgorithm) {
  EXPECT_EQ(parse_authorization_header("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=").error,
            AuthParseError::unsupported_algorithm);
  // SigV4a is supported, so a SigV4 credential under its name is a malformed (region-less) credential.
  auto v4a = header(", ");
  v4a.replace(0, 16, "AWS4-ECDSA-P256-SHA256");
  EXPECT_EQ(parse_authorization_header(v4a).error, AuthParseError::malformed_credential);
  auto unknown = header(", ");
  unknown.replace(0, 16, "AWS4-ECDSA-P384-SHA384");
  EXPECT_EQ(parse_authorization_header(unknown).error, AuthParseError::unsupported_algorithm);
  EXPECT_EQ(parse_authorization_header("aws4-hmac-sha256 " + header(", ").substr(17)).error,
            AuthParseError::unsupported_algorithm);
}

TEST(AuthorizationHeader, RequiresEachComponent) {
  EXPECT_EQ(parse_authorization_header("AWS4-HMAC-SHA256").error, AuthParseError::missing_component);
  EXPECT_EQ(
      parse_authorization_header(
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request, SignedHeaders=host")
          .error,
      AuthParseError::missing_component);
  EXPECT_EQ(
      parse_authorization_header(std::string("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=") + kSig).error,
      AuthParseError::missing_component);
}

TEST(AuthorizationHeader, RefusesARepeatedOrUnknownComponent) {
  EXPECT_EQ(parse_authorization_header(header(", ") + ", SignedHeaders=host").error,
            AuthParseError::duplicate_component);
  EXPECT_EQ(parse_authorization_header(header(", ") + ", Foo=bar").error, AuthParseError::unknown_component);
  EXPECT_EQ(parse_authorization_header(header(", ") + ",").error, AuthParseError::malformed_component);
  EXPECT_EQ(parse_authorization_header(header(", ") + ", Garbage").error,
            AuthParseError::malformed_component);
}

TEST(AuthorizationHeader, CredentialMustBeAkidDateRegionServiceAws4Request) {
  auto with_credential = [](const std::string& c) {
    return parse_authorization_header("AWS4-HMAC-SHA256 Credential=" + c +
                                      ", SignedHeaders=host, Signature=" + kSig)
        .error;
  };
  EXPECT_EQ(with_credential("AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request"), AuthParseError::none);
  EXPECT_EQ(with_credential("AKIDEXAMPLE/20261122/us-east-1/s3"), AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential("AKIDEXAMPLE/20261122/us-east-1/s3/aws5_request"),
            AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential("/20261122/us-east-1/s3/aws4_request"), AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential("AKIDEXAMPLE/2026112/us-east-1/s3/aws4_request"),
            AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential("AKIDEXAMPLE/2026112x/us-east-1/s3/aws4_request"),
            AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential("AKIDEXAMPLE/20261122//s3/aws4_request"), AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential(""), AuthParseError::malformed_credential);
  EXPECT_EQ(with_credential("AK/ID/20261122/us-east-1/s3/aws4_request"),
            AuthParseError::malformed_credential);
}

TEST(AuthorizationHeader, SignedHeadersMustBeDistinctLowerCaseTokens) {
  auto with_signed = [](const std::string& s) {
    return parse_authorization_header(
               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request, SignedHeaders=" +
               s + ", Signature=" + kSig)
        .error;
  };
  EXPECT_EQ(with_signed("host"), AuthParseError::none);
  EXPECT_EQ(with_signed(""), AuthParseError::malformed_signed_headers);
  EXPECT_EQ(with_signed("host;;x-amz-date"), AuthParseError::malformed_signed_headers);
  EXPECT_EQ(with_signed("Host"), AuthParseError::malformed_signed_headers);
  EXPECT_EQ(with_signed("host;host"), AuthParseError::malformed_signed_headers);
  EXPECT_EQ(with_signed("ho st"), AuthParseError::malformed_signed_headers);
  EXPECT_EQ(with_signed("host;"), AuthParseError::malformed_signed_headers);
}

TEST(AuthorizationHeader, SignatureMustBe64LowerCaseHex) {
  auto with_sig = [](const std::string& s) {
    return parse_authorization_header(
               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3/aws4_request, "
               "SignedHeaders=host, "
               "Signature=" +
               s)
        .error;
  };
  EXPECT_EQ(with_sig(std::string(kSig).substr(0, 63)), AuthParseError::malformed_signature);
  EXPECT_EQ(with_sig(std::string(kSig) + "0"), AuthParseError::malformed_signature);
  std::string upper = kSig;
  upper[1] = 'F';
  EXPECT_EQ(with_sig(upper), AuthParseError::malformed_signature);
  EXPECT_EQ(with_sig(""), AuthParseError::malformed_signature);
}

TEST(AuthorizationHeader, NeverThrowsOnArbitraryBytes) {
  const std::string base = header(", ");
  for (std::size_t cut = 0; cut <= base.size(); ++cut) {
    EXPECT_NO_THROW((void)parse_authorization_header(base.substr(0, cut)));
    std::string flipped = base;
    if (cut < base.size()) flipped[cut] = static_cast<char>(flipped[cut] ^ 0x80);
    EXPECT_NO_THROW((void)parse_authorization_header(flipped));
  }
}
