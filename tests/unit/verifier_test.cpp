// One test per rule of the verifier (verifier.hpp). The requests are real clients' requests from
// ../shared/captures (the AWS SDK for JavaScript v3 and minio-go, signed with AKIDEXAMPLE), so every
// accepted signature comes from an independent implementation; refusals edit one thing of them.
#include "sigv4/verifier.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sigv4/raw_request.hpp"
#include "sigv4/signer.hpp"

using sigv4::AuthLocation;
using sigv4::S3ErrorCode;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

sigv4::HttpRequest load(const std::string& name) {
  std::ifstream in(std::string(SIGV4_SHARED_DIR) + "/captures/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = sigv4::parse_raw_request(ss.str());
  if (!parsed.request) throw std::runtime_error(name + ": " + parsed.error);
  return *parsed.request;
}

std::string header(const sigv4::HttpRequest& r, std::string_view name) {
  const auto* h = r.find_header(name);
  if (!h) return {};
  std::string_view v = h->value;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return std::string(v);
}

// The request's own time as "now", the capture's credentials.
struct Fixture {
  sigv4::CredentialStore store;
  sigv4::VerifyOptions options;
  Fixture() { store.add("AKIDEXAMPLE", kSecret); }

  sigv4::VerifyResult verify(const sigv4::HttpRequest& r) {
    std::vector<sigv4::HeaderView> hv;
    return sigv4::verify_request(r.view(hv), store.lookup(), options);
  }
  sigv4::VerifyResult verify_at_own_time(const sigv4::HttpRequest& r, std::int64_t offset = 0) {
    std::string date = header(r, "x-amz-date");
    if (date.empty()) {
      const auto at = r.target.find("X-Amz-Date=");
      date = r.target.substr(at + 11, 16);
    }
    options.now =
        sigv4::SigningTime::from_unix_seconds(sigv4::SigningTime::parse(date)->unix_seconds() + offset);
    return verify(r);
  }
};

S3ErrorCode code_of(const sigv4::VerifyResult& r) {
  EXPECT_FALSE(r.ok()) << "the request was accepted";
  return r.error ? r.error->code : S3ErrorCode::internal_error;
}

}  // namespace

TEST(Verifier, AcceptsAJsSdkHeaderSignedPut) {
  Fixture f;
  const auto r = f.verify_at_own_time(load("js-http-buffer-small-01.raw"));
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.location, AuthLocation::header);
  EXPECT_EQ(r.signature, "f52b0f22e733db215f31f86a1dec57962f99551fafa88ed963247e110727e37c");
  EXPECT_EQ(r.payload_hash, "93a6015a3874a774dd59fdd5db19414b301525381eb5ddcc265cdcc68bb9d350");
  EXPECT_EQ(r.credential_scope, "20261122/us-east-1/s3/aws4_request");
}

TEST(Verifier, AcceptsAMinioGoSignedChunkSeedWithoutSpacesAfterCommas) {
  Fixture f;
  const auto r = f.verify_at_own_time(load("minio-go-http-signed-trailer-small-01.raw"));
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.payload_hash, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
  EXPECT_EQ(r.signature, "60d38d36a6a276936186fd3fd77354d1444bebb5a0156318f97338beeb4726bc");
}

TEST(Verifier, AcceptsPresignedUrlsOfBothClients) {
  Fixture f;
  for (const char* name : {"js-http-presign-01.raw", "minio-go-http-presign-01.raw"}) {
    const auto r = f.verify_at_own_time(load(name), 60);
    ASSERT_TRUE(r.ok()) << name << ": " << r.error->message;
    EXPECT_EQ(r.location, AuthLocation::query);
    EXPECT_EQ(r.payload_hash, "UNSIGNED-PAYLOAD");
  }
}

TEST(Verifier, AcceptsAKeyWithSpecialCharactersSignedAsSent) {
  Fixture f;
  for (const char* name : {"js-http-buffer-trickykey-01.raw", "minio-go-http-put-trickykey-01.raw"}) {
    const auto r = f.verify_at_own_time(load(name));
    EXPECT_TRUE(r.ok()) << name << ": " << (r.error ? r.error->message : "");
  }
}

TEST(Verifier, AnonymousRequestIsAccessDenied) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  std::erase_if(req.headers, [](const sigv4::Header& h) { return sigv4::iequals(h.name, "authorization"); });
  const auto r = f.verify_at_own_time(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::access_denied);
  EXPECT_EQ(r.error->http_status(), 403);
}

TEST(Verifier, HeaderAndQueryAuthenticationTogetherIsInvalidArgument) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.target += "&X-Amz-Algorithm=AWS4-HMAC-SHA256";
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::invalid_argument);
}

TEST(Verifier, MalformedAuthorizationHeaderIsAuthorizationHeaderMalformed) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.set_header("authorization",
                 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/s3, SignedHeaders=host, "
                 "Signature=f52b0f22e733db215f31f86a1dec57962f99551fafa88ed963247e110727e37c");
  const auto r = f.verify_at_own_time(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::authorization_header_malformed);
  EXPECT_EQ(r.error->http_status(), 400);
}

TEST(Verifier, SigV2IsRefusedAsBySigV4OnlyRegions) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.set_header("authorization", "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=");
  auto r = f.verify_at_own_time(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::invalid_request);
  EXPECT_EQ(r.error->message,
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
  auto presigned_v2 = load("minio-go-http-presign-01.raw");
  presigned_v2.target =
      "/examplebucket/e2e/object.bin?AWSAccessKeyId=AKIDEXAMPLE&Signature=abc%3D&Expires=1795622344";
  f.options.now = *sigv4::SigningTime::parse("20261122T212130Z");
  r = f.verify(presigned_v2);
  EXPECT_EQ(code_of(r), S3ErrorCode::invalid_request);
  EXPECT_EQ(r.error->http_status(), 400);
}

TEST(Verifier, AnotherAlgorithmIsUnsupportedAuthorizationType) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  auto auth = header(req, "authorization");
  auth.replace(0, 16, "AWS4-ECDSA-P384-SHA384");  // SigV4a's ECDSA-P256 is supported, not this
  req.set_header("authorization", auth);
  const auto r = f.verify_at_own_time(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::invalid_argument);
  EXPECT_EQ(r.error->message, "Unsupported Authorization Type");
}

TEST(Verifier, MissingPresignParameterIsAuthorizationQueryParametersError) {
  Fixture f;
  auto req = load("minio-go-http-presign-01.raw");
  const auto at = req.target.find("&X-Amz-Expires=900");
  req.target.erase(at, 18);
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::authorization_query_parameters_error);
}

TEST(Verifier, HeaderAuthNeedsXAmzDate) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  std::erase_if(req.headers, [](const sigv4::Header& h) { return sigv4::iequals(h.name, "x-amz-date"); });
  f.options.now = *sigv4::SigningTime::parse("20261122T212119Z");
  const auto r = f.verify(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::access_denied);
}

TEST(Verifier, ScopeDateMustEqualXAmzDateDate) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.set_header("x-amz-date", "20261123T000000Z");
  f.options.now = *sigv4::SigningTime::parse("20261123T000000Z");
  const auto r = f.verify(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::authorization_header_malformed);
  EXPECT_NE(r.error->message.find("Date is not the same as X-Amz-Date"), std::string::npos);
}

TEST(Verifier, RegionMustBeTheExpectedOne) {
  Fixture f;
  f.options.region = "eu-west-1";
  auto r = f.verify_at_own_time(load("js-http-buffer-small-01.raw"));
  EXPECT_EQ(code_of(r), S3ErrorCode::authorization_header_malformed);
  EXPECT_EQ(r.error->detail("Region"), "eu-west-1");
  r = f.verify_at_own_time(load("js-http-presign-01.raw"));
  EXPECT_EQ(code_of(r), S3ErrorCode::authorization_query_parameters_error);
}

TEST(Verifier, ServiceMustBeTheExpectedOne) {
  Fixture f;
  f.options.service = "iam";
  EXPECT_EQ(code_of(f.verify_at_own_time(load("js-http-buffer-small-01.raw"))),
            S3ErrorCode::authorization_header_malformed);
  f.options.service = "s3";
  f.options.region = "us-east-1";
  EXPECT_TRUE(f.verify_at_own_time(load("js-http-buffer-small-01.raw")).ok());
}

TEST(Verifier, HeaderSignatureWithinFifteenMinutesOfNowInBothDirections) {
  Fixture f;
  const auto req = load("js-http-buffer-small-01.raw");
  EXPECT_TRUE(f.verify_at_own_time(req, 900).ok());
  EXPECT_TRUE(f.verify_at_own_time(req, -900).ok());
  auto r = f.verify_at_own_time(req, 901);
  EXPECT_EQ(code_of(r), S3ErrorCode::request_time_too_skewed);
  EXPECT_EQ(r.error->http_status(), 403);
  EXPECT_EQ(r.error->detail("RequestTime"), "20261122T212119Z");
  EXPECT_EQ(r.error->detail("ServerTime"), "2026-11-22T21:36:20Z");
  EXPECT_EQ(r.error->detail("MaxAllowedSkewMilliseconds"), "900000");
  EXPECT_EQ(code_of(f.verify_at_own_time(req, -20 * 60)), S3ErrorCode::request_time_too_skewed);
}

TEST(Verifier, MaxSkewIsConfigurable) {
  Fixture f;
  f.options.max_skew_seconds = 60;
  EXPECT_EQ(code_of(f.verify_at_own_time(load("js-http-buffer-small-01.raw"), 61)),
            S3ErrorCode::request_time_too_skewed);
}

TEST(Verifier, PresignedUrlExpiresAfterXAmzExpiresSeconds) {
  Fixture f;
  const auto req = load("minio-go-http-presign-01.raw");  // X-Amz-Expires=900
  EXPECT_TRUE(f.verify_at_own_time(req, 900).ok());
  const auto r = f.verify_at_own_time(req, 901);
  EXPECT_EQ(code_of(r), S3ErrorCode::access_denied);
  EXPECT_EQ(r.error->message, "Request has expired");
  EXPECT_EQ(r.error->detail("X-Amz-Expires"), "900");
}

TEST(Verifier, PresignedUrlDatedInTheFutureIsNotValidYet) {
  Fixture f;
  const auto req = load("minio-go-http-presign-01.raw");
  EXPECT_TRUE(f.verify_at_own_time(req, -900).ok());
  const auto r = f.verify_at_own_time(req, -901);
  EXPECT_EQ(code_of(r), S3ErrorCode::access_denied);
  EXPECT_EQ(r.error->message, "Request is not valid yet");
}

TEST(Verifier, PresignExpiresMustBeBetweenOneSecondAndSevenDays) {
  Fixture f;
  for (const char* bad : {"604801", "0", "-1"}) {
    auto req = load("minio-go-http-presign-01.raw");
    const auto at = req.target.find("X-Amz-Expires=900");
    req.target.replace(at, 17, std::string("X-Amz-Expires=") + bad);
    const auto r = f.verify_at_own_time(req);
    EXPECT_EQ(code_of(r), S3ErrorCode::authorization_query_parameters_error) << bad;
  }
  auto req = load("minio-go-http-presign-01.raw");
  req.target.replace(req.target.find("X-Amz-Expires=900"), 17, "X-Amz-Expires=604800");
  EXPECT_EQ(code_of(f.verify_at_own_time(req)),
            S3ErrorCode::signature_does_not_match);  // in range, but not what was signed
}

TEST(Verifier, UnknownAccessKeyIsInvalidAccessKeyId) {
  Fixture f;
  f.store = {};
  f.store.add("AKIDOTHER", kSecret);
  const auto r = f.verify_at_own_time(load("js-http-buffer-small-01.raw"));
  EXPECT_EQ(code_of(r), S3ErrorCode::invalid_access_key_id);
  EXPECT_EQ(r.error->detail("AWSAccessKeyId"), "AKIDEXAMPLE");
}

TEST(Verifier, WrongSecretIsSignatureDoesNotMatchWithTheServersCanonicalRequest) {
  Fixture f;
  f.store.add("AKIDEXAMPLE", "not-the-secret");
  const auto r = f.verify_at_own_time(load("js-http-buffer-small-01.raw"));
  ASSERT_EQ(code_of(r), S3ErrorCode::signature_does_not_match);
  EXPECT_EQ(r.error->http_status(), 403);
  EXPECT_EQ(r.error->detail("SignatureProvided"),
            "f52b0f22e733db215f31f86a1dec57962f99551fafa88ed963247e110727e37c");
  const std::string creq(r.error->detail("CanonicalRequest"));
  EXPECT_EQ(creq.substr(0, creq.find('\n', 4)), "PUT\n/examplebucket/e2e/object.bin");
  EXPECT_EQ(r.error->detail("StringToSign").substr(0, 33), "AWS4-HMAC-SHA256\n20261122T212119Z");
  EXPECT_EQ(r.error->detail("StringToSignBytes").substr(0, 23), "41 57 53 34 2d 48 4d 41");
  EXPECT_EQ(r.error->detail("CanonicalRequestBytes").substr(0, 11), "50 55 54 0a");
}

TEST(Verifier, SessionTokenMustComeWithATemporaryKey) {
  Fixture f;
  f.store.add("AKIDEXAMPLE", kSecret, std::string_view("the-token"));
  EXPECT_EQ(code_of(f.verify_at_own_time(load("js-http-buffer-small-01.raw"))),
            S3ErrorCode::missing_security_header);
  auto req = load("js-http-buffer-small-01.raw");
  req.headers.push_back({"x-amz-security-token", "another-token"});
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::invalid_token);
}

TEST(Verifier, SessionTokenForALongTermKeyIsInvalidToken) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.headers.push_back({"x-amz-security-token", "a-token"});
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::invalid_token);
}

TEST(Verifier, ExpiredTemporaryKeyIsExpiredToken) {
  Fixture f;
  sigv4::StoredCredential c;
  c.secret_access_key = sigv4::SecretString(std::string_view(kSecret));
  c.expiration = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
  f.options.now = *sigv4::SigningTime::parse("20261122T212119Z");
  const auto lookup = [&](std::string_view) -> std::optional<sigv4::StoredCredential> { return c; };
  std::vector<sigv4::HeaderView> hv;
  const auto req = load("js-http-buffer-small-01.raw");
  const auto r = sigv4::verify_request(req.view(hv), lookup, f.options);
  EXPECT_EQ(code_of(r), S3ErrorCode::expired_token);
}

TEST(Verifier, HostMustBeSigned) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  auto auth = header(req, "authorization");
  auth.replace(auth.find("host;"), 5, "");
  req.set_header("authorization", auth);
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::authorization_header_malformed);
}

TEST(Verifier, HostMustBePresent) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  std::erase_if(req.headers, [](const sigv4::Header& h) { return sigv4::iequals(h.name, "host"); });
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::invalid_request);
}

TEST(Verifier, EveryXAmzHeaderMustBeSigned) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.headers.push_back({"X-Amz-Meta-Color", "red"});
  req.headers.push_back({"x-amz-acl", "public-read"});
  const auto r = f.verify_at_own_time(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::access_denied);
  EXPECT_EQ(r.error->detail("HeadersNotSigned"), "x-amz-meta-color, x-amz-acl");
  auto presigned = load("minio-go-http-presign-01.raw");
  presigned.headers.push_back({"x-amz-meta-color", "red"});
  EXPECT_EQ(code_of(f.verify_at_own_time(presigned)), S3ErrorCode::access_denied);
}

TEST(Verifier, UnsignedOrdinaryHeadersMayBeAddedOrChanged) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.set_header("Connection", "close");
  req.headers.push_back({"X-Forwarded-For", "10.0.0.1"});
  EXPECT_TRUE(f.verify_at_own_time(req).ok());
}

TEST(Verifier, S3HeaderAuthNeedsXAmzContentSha256) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  std::erase_if(req.headers,
                [](const sigv4::Header& h) { return sigv4::iequals(h.name, "x-amz-content-sha256"); });
  auto auth = header(req, "authorization");
  auth.replace(auth.find("x-amz-content-sha256;"), 21, "");
  req.set_header("authorization", auth);
  const auto r = f.verify_at_own_time(req);
  EXPECT_EQ(code_of(r), S3ErrorCode::invalid_request);
  EXPECT_EQ(r.error->message, "Missing required header for this request: x-amz-content-sha256");
}

TEST(Verifier, XAmzContentSha256MustBeHexOrAKnownLiteral) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.set_header("x-amz-content-sha256", "STREAMING-SOMETHING-ELSE");
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::invalid_argument);
}

TEST(Verifier, EachSignedPartTamperedIsSignatureDoesNotMatch) {
  Fixture f;
  const auto base = load("js-http-buffer-small-01.raw");
  auto tampered_header = base;
  tampered_header.set_header("content-type", "text/plain");
  auto tampered_path = base;
  tampered_path.target.replace(tampered_path.target.find("object"), 6, "objecT");
  auto tampered_query = base;
  tampered_query.target += "&versionId=1";
  auto tampered_payload_hash = base;
  tampered_payload_hash.set_header("x-amz-content-sha256", std::string(64, 'a'));
  auto tampered_method = base;
  tampered_method.method = "POST";
  auto tampered_signature = base;
  auto auth = header(base, "authorization");
  auth.back() = auth.back() == '0' ? '1' : '0';
  tampered_signature.set_header("authorization", auth);
  for (const auto* r : {&tampered_header, &tampered_path, &tampered_query, &tampered_payload_hash,
                        &tampered_method, &tampered_signature})
    EXPECT_EQ(code_of(f.verify_at_own_time(*r)), S3ErrorCode::signature_does_not_match);
}

TEST(Verifier, TamperedDateIsSignatureDoesNotMatch) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.set_header("x-amz-date", "20261122T212120Z");
  EXPECT_EQ(code_of(f.verify_at_own_time(req)), S3ErrorCode::signature_does_not_match);
}

TEST(Verifier, GenericServicesUseTheBodyHashTheCallerGives) {
  // A non-S3 request signed by the core signer: the canonical URI is double-encoded and normalised.
  sigv4::HttpRequest req =
      sigv4::HttpRequest::from_url("POST", "https://iam.amazonaws.com/a/../b%20c?Action=ListUsers");
  req.body = "{}";
  const sigv4::Credentials creds("AKIDEXAMPLE", kSecret);
  const auto t = *sigv4::SigningTime::parse("20150830T123600Z");
  std::vector<sigv4::HeaderView> hv;
  const auto signed_req = sigv4::sign_request(req.view(hv), sigv4::Body::bytes(req.body), creds,
                                              {t, "us-east-1", "iam"}, sigv4::SigningSettings());
  for (const auto& h : signed_req.headers_to_add) req.set_header(h.name, h.value);
  Fixture f;
  f.options.now = t;
  hv.clear();
  const auto r = sigv4::verify_request(req.view(hv), f.store.lookup(), f.options,
                                       std::string_view(signed_req.payload_hash));
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->message : "");
  EXPECT_FALSE(r.s3_rules);
  hv.clear();
  EXPECT_EQ(code_of(sigv4::verify_request(req.view(hv), f.store.lookup(), f.options,
                                          std::string_view(std::string(64, '0')))),
            S3ErrorCode::signature_does_not_match);
}

TEST(Verifier, NeverThrowsOnBadHeaderBytes) {
  Fixture f;
  auto req = load("js-http-buffer-small-01.raw");
  req.headers.push_back({"bad header", std::string("v\0x", 3)});
  auto auth = header(req, "authorization");
  auth.replace(auth.find("host;"), 5, "bad header;host;");
  req.set_header("authorization", auth);
  EXPECT_NO_THROW((void)f.verify_at_own_time(req));
  auto req2 = load("js-http-buffer-small-01.raw");
  req2.target = "/examplebucket/%zz";
  const auto r = f.verify_at_own_time(req2);
  EXPECT_FALSE(r.ok());
}

TEST(S3ErrorXml, CarriesCodeMessageAndDetailsEscaped) {
  sigv4::S3Error e(S3ErrorCode::signature_does_not_match);
  e.with("StringToSign", "a<b&c");
  const auto xml = e.to_xml("/bucket/key", "RID1");
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" "
            "encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request "
            "signature we calculated does not match the signature you provided. Check your key and signing "
            "method.</Message><StringToSign>a&lt;b&amp;c</StringToSign><Resource>/bucket/key</"
            "Resource><RequestId>RID1</"
            "RequestId></Error>");
}
