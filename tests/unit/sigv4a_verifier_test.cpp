// The server side of SigV4a beyond the suite: the parsers' SigV4a forms, the X-Amz-Region-Set rules
// (required, well-formed, must contain the server's region, wildcards), and an aws-chunked ECDSA
// upload verified end to end (request, then every chunk through the payload verifier).
#include <gtest/gtest.h>

#include "sigv4/authorization_header.hpp"
#include "sigv4/chunked.hpp"
#include "sigv4/payload_verifier.hpp"
#include "sigv4/presigned_query.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/verifier.hpp"

namespace {

using sigv4::S3ErrorCode;

const sigv4::Credentials kCreds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const sigv4::SigningTime kTime = sigv4::SigningTime::parse_or_throw("20240102T030405Z");

sigv4::VerifyResult verify(const sigv4::HttpRequest& r, std::string_view server_region = "us-west-2") {
  sigv4::CredentialStore store;
  store.add(kCreds.access_key_id, kCreds.secret_access_key.reveal());
  sigv4::VerifyOptions o;
  o.now = kTime;
  o.region = std::string(server_region);
  std::vector<sigv4::HeaderView> views;
  return sigv4::verify_request(r.view(views), store.lookup(), o);
}

S3ErrorCode code_of(const sigv4::VerifyResult& r) { return r.error ? r.error->code : S3ErrorCode::internal_error; }

sigv4::HttpRequest signed_get(std::string region_set, bool presign = false) {
  sigv4::HttpRequest r = sigv4::HttpRequest::from_url("GET", "https://mrap.accesspoint.s3-global.amazonaws.com/k");
  const auto base = presign ? sigv4::SigningSettings::s3_presign(300) : sigv4::SigningSettings::s3();
  (void)sigv4::sign_in_place(r, kCreds, {kTime, "us-west-2", "s3"}, base.with_sigv4a(std::move(region_set)));
  return r;
}

TEST(Sigv4aParsers, AuthorizationHeaderTakesTheEcdsaAlgorithmAndARegionlessCredential) {
  const std::string sig(140, 'a');
  const auto p = sigv4::parse_authorization_header(
      "AWS4-ECDSA-P256-SHA256 Credential=AKID/20240102/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
      sig);
  ASSERT_TRUE(p.ok()) << p.message;
  EXPECT_EQ(p.params->signing_algorithm, sigv4::SigningAlgorithm::ecdsa_p256_sha256);
  EXPECT_EQ(p.params->credential.service, "s3");
  EXPECT_TRUE(p.params->credential.region.empty());
  // A SigV4 credential (with a region) under the SigV4a algorithm, and the reverse, are malformed.
  EXPECT_EQ(sigv4::parse_authorization_header("AWS4-ECDSA-P256-SHA256 Credential=AKID/20240102/us-east-1/s3/"
                                              "aws4_request, SignedHeaders=host, Signature=" + sig)
                .error,
            sigv4::AuthParseError::malformed_credential);
  EXPECT_EQ(sigv4::parse_authorization_header(
                "AWS4-HMAC-SHA256 Credential=AKID/20240102/s3/aws4_request, SignedHeaders=host, Signature=" +
                std::string(64, 'a'))
                .error,
            sigv4::AuthParseError::malformed_credential);
  // Signature shapes: even, 16..144 lower-case hex.
  for (const std::string& bad : {std::string(146, 'a'), std::string(141, 'a'), std::string(14, 'a'),
                                std::string(140, 'A')})
    EXPECT_EQ(sigv4::parse_authorization_header("AWS4-ECDSA-P256-SHA256 Credential=AKID/20240102/s3/aws4_request, "
                                                "SignedHeaders=host, Signature=" + bad)
                  .error,
              sigv4::AuthParseError::malformed_signature)
        << bad.size();
}

TEST(Sigv4aParsers, PresignedQueryNeedsTheRegionSet) {
  const std::string q =
      "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKID%2F20240102%2Fs3%2Faws4_request"
      "&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=" +
      std::string(140, 'b');
  EXPECT_EQ(sigv4::parse_presigned_query(q).error, sigv4::AuthParseError::missing_component);
  const auto p = sigv4::parse_presigned_query(q + "&X-Amz-Region-Set=us-east-1%2Cus-west-2");
  ASSERT_TRUE(p.ok()) << p.message;
  EXPECT_EQ(p.params->region_set, "us-east-1,us-west-2");
}

TEST(Sigv4aVerifier, RegionSetMustContainTheServersRegionWildcardsIncluded) {
  for (bool presign : {false, true}) {
    EXPECT_TRUE(verify(signed_get("*", presign)).ok());
    EXPECT_TRUE(verify(signed_get("us-east-1,us-west-2", presign)).ok());
    EXPECT_TRUE(verify(signed_get("us-*", presign)).ok());
    const auto r = verify(signed_get("eu-*,ap-south-1", presign));
    EXPECT_EQ(code_of(r), presign ? S3ErrorCode::authorization_query_parameters_error
                                  : S3ErrorCode::authorization_header_malformed);
    ASSERT_TRUE(r.error);
    bool has_region = false;
    for (const auto& [name, value] : r.error->details) has_region = has_region || (name == "Region" && value == "us-west-2");
    EXPECT_TRUE(has_region);
  }
}

TEST(Sigv4aVerifier, MissingOrChangedRegionSetHeaderIsRefused) {
  sigv4::HttpRequest r = signed_get("us-west-2");
  sigv4::HttpRequest missing = r;
  std::erase_if(missing.headers, [](const sigv4::Header& h) { return sigv4::iequals(h.name, "X-Amz-Region-Set"); });
  EXPECT_EQ(code_of(verify(missing)), S3ErrorCode::authorization_header_malformed);
  // Widening the set after signing breaks the signature (the header is signed).
  sigv4::HttpRequest widened = r;
  widened.set_header("X-Amz-Region-Set", "*");
  EXPECT_EQ(code_of(verify(widened)), S3ErrorCode::signature_does_not_match);
  sigv4::HttpRequest garbage = r;
  garbage.set_header("X-Amz-Region-Set", "us west 2");
  EXPECT_EQ(code_of(verify(garbage)), S3ErrorCode::authorization_header_malformed);
}

TEST(Sigv4aVerifier, EcdsaStreamingUploadIsVerifiedChunkByChunk) {
  for (auto mode : {sigv4::ChunkedMode::ecdsa_signed_payload, sigv4::ChunkedMode::ecdsa_signed_payload_trailer}) {
    std::string data(3 * 8192 + 11, 'x');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
    sigv4::HttpRequest r = sigv4::HttpRequest::from_url("PUT", "https://mrap.accesspoint.s3-global.amazonaws.com/k");
    sigv4::ChunkedUploadOptions o;
    o.mode = mode;
    o.chunk_size = 8192;
    if (mode == sigv4::ChunkedMode::ecdsa_signed_payload_trailer) o.checksum = sigv4::ChecksumAlgorithm::crc32c;
    auto enc = sigv4::sign_chunked_upload(r, sigv4::ChunkSource::bytes(data), kCreds, {kTime, "us-west-2", "s3"}, o,
                                          sigv4::SigningSettings::s3().with_sigv4a("us-west-2"));
    std::string wire;
    for (auto piece = enc.next(); !piece.empty(); piece = enc.next()) wire.append(piece);

    const auto auth = verify(r);
    ASSERT_TRUE(auth.ok()) << auth.error->message;
    auto decode = [&](const std::string& body, std::string& out) {
      std::vector<sigv4::HeaderView> views;
      sigv4::PayloadVerifier pv(auth, r.view(views).headers);
      if (auto e = pv.feed(body, [&](std::string_view d) { out.append(d); })) return e;
      return pv.finish();
    };
    std::string out;
    const auto ok = decode(wire, out);
    EXPECT_FALSE(ok) << ok->message;
    EXPECT_EQ(out, data);
    std::string tampered = wire;
    tampered[wire.find("\r\n") + 100] ^= 1;
    out.clear();
    const auto bad = decode(tampered, out);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->code, S3ErrorCode::signature_does_not_match);
    EXPECT_TRUE(out.empty());
  }
}

}  // namespace
