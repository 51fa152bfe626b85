// The signer's rules for headers, payload modes, session tokens and presigning, checked on the canonical
// request it builds and on what it tells the caller to add. Signatures themselves are checked against the
// official suites (tests/conformance) and against botocore and smithy (tests/differential).
#include <algorithm>
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/hmac.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/signer.hpp"

namespace {

using namespace sigv4;

const Credentials kCreds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const SigningScope kScope{SigningTime::parse_or_throw("20150830T123600Z"), "us-east-1", "service"};

SigningResult sign(const std::vector<HeaderView>& headers, std::string_view target = "/",
                   const SigningSettings& settings = {}, std::string_view body = "", const Credentials& creds = kCreds,
                   std::string_view method = "GET") {
  RequestView v{method, target, headers};
  return sign_request(v, Body::bytes(body), creds, kScope, settings);
}

std::string header_block(const SigningResult& r) {
  // Lines between the query line and the blank line of the canonical request.
  std::istringstream in(r.canonical_request);
  std::string line, out;
  for (int i = 0; i < 3; ++i) std::getline(in, line);
  while (std::getline(in, line) && !line.empty()) out += line + "\n";
  return out;
}

const std::vector<HeaderView> kHost = {{"Host", "example.amazonaws.com"}};

TEST(CanonicalHeaders, NamesAreLowerCasedAndSorted) {
  const auto r = sign({{"X-B", "2"}, {"host", "example.amazonaws.com"}, {"A-Header", "1"}});
  EXPECT_EQ(header_block(r), "a-header:1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-b:2\n");
  EXPECT_EQ(r.signed_headers, "a-header;host;x-amz-date;x-b");
}

TEST(CanonicalHeaders, ValuesAreTrimmedAndInnerWhitespaceRunsCollapsed) {
  const auto r = sign({{"Host", "example.amazonaws.com"}, {"My-Header", "  a \t  b   c  "}, {"Folded", "x\r\n   y\n\tz"}});
  EXPECT_NE(header_block(r).find("my-header:a b c\n"), std::string::npos);
  EXPECT_NE(header_block(r).find("folded:x y z\n"), std::string::npos);
}

TEST(CanonicalHeaders, RepeatedNamesAreJoinedWithCommasInArrivalOrder) {
  const auto r = sign({{"Host", "example.amazonaws.com"}, {"My-H", "z"}, {"my-h", " a "}, {"MY-H", "m"}});
  EXPECT_NE(header_block(r).find("my-h:z,a,m\n"), std::string::npos);
  EXPECT_EQ(r.signed_headers, "host;my-h;x-amz-date");
}

TEST(CanonicalHeaders, EmptyValueIsKept) {
  const auto r = sign({{"Host", "example.amazonaws.com"}, {"Empty", ""}});
  EXPECT_NE(header_block(r).find("empty:\n"), std::string::npos);
}

TEST(CanonicalHeaders, DefaultExcludedHeadersAreNotSigned) {
  std::vector<HeaderView> h = kHost;
  for (const auto& name : default_excluded_headers()) h.push_back({name, "v"});
  h.push_back({"User-Agent", "curl"});
  const auto r = sign(h);
  EXPECT_EQ(r.signed_headers, "host;x-amz-date");
}

TEST(CanonicalHeaders, ExcludedListIsConfigurable) {
  SigningSettings s;
  s.excluded_headers = {"x-skip"};
  const auto r = sign({{"Host", "h"}, {"X-Skip", "1"}, {"User-Agent", "signed now"}}, "/", s);
  EXPECT_EQ(r.signed_headers, "host;user-agent;x-amz-date");
}

TEST(CanonicalHeaders, ExplicitListSignsExactlyThoseHeaders) {
  SigningSettings s;
  s.headers_to_sign = std::vector<std::string>{"host", "x-amz-date", "x-missing"};
  const auto r = sign({{"Host", "h"}, {"X-Other", "1"}}, "/", s);
  EXPECT_EQ(r.signed_headers, "host;x-amz-date;x-missing");
  EXPECT_NE(header_block(r).find("x-missing:\n"), std::string::npos);
}

TEST(CanonicalHeaders, AnExplicitListWithRepeatsAndMoreThan64NamesStillSignsEachPresentOrAbsentNameOnce) {
  // The signer remembers which of the first 64 listed names it met among the request's headers and
  // searches for the others: a repeated name, and present and absent names past the 64th, must come
  // out exactly as with a short list.
  std::vector<std::string> names;
  for (int i = 0; i < 70; ++i) names.push_back("x-n" + std::to_string(100 + i));
  names.push_back("host");
  names.push_back("host");
  names.push_back("x-n100");
  SigningSettings s;
  s.headers_to_sign = names;
  const std::vector<HeaderView> headers = {{"Host", "h"}, {"X-N100", "a"}, {"x-n168", "b"}, {"X-Unlisted", "c"}};
  const auto r = sign(headers, "/", s);
  const std::string block = header_block(r);
  EXPECT_NE(block.find("x-n100:a\n"), std::string::npos);
  EXPECT_NE(block.find("x-n168:b\n"), std::string::npos);
  EXPECT_NE(block.find("x-n169:\n"), std::string::npos);  // listed past the 64th, absent: empty value
  EXPECT_NE(block.find("x-n101:\n"), std::string::npos);
  EXPECT_EQ(block.find("unlisted"), std::string::npos);
  EXPECT_EQ(block.find("x-n100:\n"), std::string::npos);  // present: never added a second time
  EXPECT_EQ(block.find("x-n168:\n"), std::string::npos);
  std::size_t hosts = 0;
  for (std::size_t at = r.signed_headers.find("host"); at != std::string::npos; at = r.signed_headers.find("host", at + 1))
    ++hosts;
  EXPECT_EQ(hosts, 1u);
  // 70 x-n names, host and the x-amz-date the signer adds: 72 names, 71 separators.
  EXPECT_EQ(std::count(r.signed_headers.begin(), r.signed_headers.end(), ';'), 71);
}

TEST(CanonicalHeaders, SignerReplacesAStaleXAmzDate) {
  const auto r = sign({{"Host", "h"}, {"X-Amz-Date", "19990101T000000Z"}});
  EXPECT_NE(header_block(r).find("x-amz-date:20150830T123600Z\n"), std::string::npos);
  EXPECT_EQ(header_block(r).find("1999"), std::string::npos);
}

TEST(PayloadHash, DefaultIsSha256OfTheBody) {
  const auto r = sign(kHost, "/", {}, "hello");
  EXPECT_EQ(r.payload_hash, crypto::hex(crypto::sha256("hello")));
  EXPECT_EQ(r.canonical_request.substr(r.canonical_request.size() - 64), r.payload_hash);
}

TEST(PayloadHash, FileAndStreamBodiesHashLikeBytes) {
  const std::string data(200000, 'q');
  std::istringstream stream(data);
  RequestView v{"PUT", "/", kHost};
  const auto from_stream = sign_request(v, Body::stream(stream), kCreds, kScope, {});
  EXPECT_EQ(from_stream.payload_hash, crypto::hex(crypto::sha256(data)));
  std::size_t offset = 0;
  const auto from_reader = sign_request(
      v,
      Body::reader([&](std::span<std::byte> buf) {
        const std::size_t n = std::min<std::size_t>({buf.size(), 777, data.size() - offset});
        std::memcpy(buf.data(), data.data() + offset, n);
        offset += n;
        return n;
      }),
      kCreds, kScope, {});
  EXPECT_EQ(from_reader.payload_hash, from_stream.payload_hash);
}

TEST(PayloadHash, MissingFileIsAnIoError) {
  RequestView v{"PUT", "/", kHost};
  try {
    (void)sign_request(v, Body::file("/nonexistent/sigv4-body"), kCreds, kScope, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::io_error);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/sigv4-body"), std::string::npos);
  }
}

TEST(PayloadHash, UnsignedPayloadInHeadersAlsoAddsTheContentSha256Header) {
  SigningSettings s;
  s.payload_mode = PayloadMode::unsigned_payload;
  const auto r = sign(kHost, "/", s, "ignored");
  EXPECT_EQ(r.payload_hash, "UNSIGNED-PAYLOAD");
  EXPECT_NE(header_block(r).find("x-amz-content-sha256:UNSIGNED-PAYLOAD\n"), std::string::npos);
  EXPECT_EQ(r.headers_to_add[1], (Header{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}));
}

TEST(PayloadHash, StreamingLiteralsAreThePayloadHashAndTheHeader) {
  for (auto mode : {PayloadMode::streaming_signed, PayloadMode::streaming_signed_trailer,
                    PayloadMode::streaming_unsigned_trailer, PayloadMode::streaming_ecdsa_signed,
                    PayloadMode::streaming_ecdsa_signed_trailer}) {
    SigningSettings s = SigningSettings::s3();
    s.payload_mode = mode;
    const auto r = sign(kHost, "/", s);
    EXPECT_EQ(r.payload_hash, payload_literal(mode));
    EXPECT_NE(header_block(r).find("x-amz-content-sha256:" + std::string(payload_literal(mode)) + "\n"),
              std::string::npos);
  }
}

TEST(PayloadHash, PrecomputedHashIsUsedAndValidated) {
  SigningSettings s;
  s.payload_mode = PayloadMode::precomputed;
  s.payload_hash = std::string(64, 'a');
  EXPECT_EQ(sign(kHost, "/", s).payload_hash, s.payload_hash);
  for (std::string bad : {std::string(63, 'a'), std::string(64, 'A'), std::string("nope")}) {
    s.payload_hash = bad;
    try {
      (void)sign(kHost, "/", s);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_payload_hash);
    }
  }
}

TEST(PayloadHash, AnExistingContentSha256HeaderIsThePayloadHash) {
  const auto r = sign({{"Host", "h"}, {"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}}, "/", SigningSettings::s3(), "body");
  EXPECT_EQ(r.payload_hash, "UNSIGNED-PAYLOAD");
  for (const auto& h : r.headers_to_add) EXPECT_NE(h.name, "x-amz-content-sha256");
}

TEST(S3Preset, AddsAndSignsContentSha256) {
  const auto r = sign(kHost, "/bucket/key", SigningSettings::s3(), "abc");
  EXPECT_EQ(r.signed_headers, "host;x-amz-content-sha256;x-amz-date");
  EXPECT_NE(header_block(r).find("x-amz-content-sha256:" + crypto::hex(crypto::sha256("abc"))), std::string::npos);
}

TEST(SessionToken, SignedByDefaultAndAddedAsHeader) {
  const Credentials c("AK", "SECRET", "TOKEN/+=");
  const auto r = sign(kHost, "/", {}, "", c);
  EXPECT_EQ(r.signed_headers, "host;x-amz-date;x-amz-security-token");
  EXPECT_EQ(r.headers_to_add[1], (Header{"X-Amz-Security-Token", "TOKEN/+="}));
}

TEST(SessionToken, OmittedThenAddedIsNotSignedButStillAdded) {
  const Credentials c("AK", "SECRET", "TOKEN");
  SigningSettings s;
  s.session_token = SessionTokenMode::append_after_signing;
  const auto r = sign(kHost, "/", s, "", c);
  EXPECT_EQ(r.signed_headers, "host;x-amz-date");
  EXPECT_EQ(r.headers_to_add[1], (Header{"X-Amz-Security-Token", "TOKEN"}));
}

TEST(Presign, AddsTheAuthQueryParametersAndTheSignatureLast) {
  SigningSettings s = SigningSettings::s3_presign(600);
  const Credentials c("AKID", "SECRET", "TOK/EN");
  const auto r = sign({{"Host", "bucket.s3.amazonaws.com"}}, "/key%20x?versionId=1", s, "", c);
  ASSERT_EQ(r.presign_params.size(), 7u);
  EXPECT_EQ(r.presign_params[0], (std::pair<std::string, std::string>{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"}));
  EXPECT_EQ(r.presign_params[1].second, "AKID/20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(r.presign_params[3].second, "600");
  EXPECT_EQ(r.presign_params[4].second, "host");
  EXPECT_EQ(r.presign_params[5], (std::pair<std::string, std::string>{"X-Amz-Security-Token", "TOK/EN"}));
  EXPECT_EQ(r.presign_params[6].first, "X-Amz-Signature");
  EXPECT_EQ(r.presigned_url,
            "https://bucket.s3.amazonaws.com/key%20x?versionId=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKID%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=600&"
            "X-Amz-SignedHeaders=host&X-Amz-Security-Token=TOK%2FEN&X-Amz-Signature=" +
                r.signature);
  EXPECT_EQ(r.payload_hash, "UNSIGNED-PAYLOAD");
  EXPECT_TRUE(r.headers_to_add.empty());
  EXPECT_TRUE(r.authorization.empty());
}

TEST(Presign, TheCanonicalQueryHoldsTheAuthParametersExceptTheSignature) {
  const auto r = sign(kHost, "/?b=2", SigningSettings::s3_presign(60));
  EXPECT_NE(r.canonical_request.find("\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2F"
                                     "us-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&"
                                     "X-Amz-SignedHeaders=host&b=2\n"),
            std::string::npos);
  EXPECT_EQ(r.canonical_request.find("X-Amz-Signature"), std::string::npos);
}

TEST(Presign, StaleAuthParametersInTheUrlAreReplaced) {
  const auto r = sign(kHost, "/?X-Amz-Signature=old&X-Amz-Date=19990101T000000Z&keep=1", SigningSettings::s3_presign(60));
  EXPECT_EQ(r.presigned_target.find("old"), std::string::npos);
  EXPECT_EQ(r.presigned_target.find("1999"), std::string::npos);
  EXPECT_EQ(r.presigned_target.rfind("/?keep=1&", 0), 0u);
}

TEST(Presign, AnUnsignedSessionTokenIsEncodedIntoTheUrlAfterTheSignedParameters) {
  SigningSettings s = SigningSettings::s3_presign(600);
  s.session_token = SessionTokenMode::append_after_signing;
  const Credentials c("AKID", "SECRET", "TOK/EN+=");
  const auto r = sign({{"Host", "bucket.s3.amazonaws.com"}}, "/k?a=1", s, "", c);
  EXPECT_EQ(r.canonical_request.find("Security-Token"), std::string::npos);
  EXPECT_EQ(r.presigned_url,
            "https://bucket.s3.amazonaws.com/k?a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKID%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=600&"
            "X-Amz-SignedHeaders=host&X-Amz-Security-Token=TOK%2FEN%2B%3D&X-Amz-Signature=" +
                r.signature);
}

TEST(Presign, StaleAuthParametersAreRecognisedAfterDecodingTheirNames) {
  // %58 is 'X': the key decodes to X-Amz-Date, so it is a stale parameter, not one of the caller's.
  const auto r = sign(kHost, "/?%58-Amz-Date=19990101T000000Z&x-amz-date=kept&keep=1", SigningSettings::s3_presign(60));
  EXPECT_EQ(r.presigned_target.find("1999"), std::string::npos);
  EXPECT_EQ(r.presigned_target.rfind("/?x-amz-date=kept&keep=1&X-Amz-Algorithm=", 0), 0u);
}

TEST(Presign, AReusedResultGivesWhatAFreshOneGives) {
  // The canonical query keeps views into its inputs and storage beside them: a second presign of a
  // different request into the same result must not see anything of the first.
  SigningSettings s = SigningSettings::s3_presign(60);
  SigningResult reused;
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"/a?b=%20x&c=1", "TOKEN/1"}, {"/a?z=(y)&b=2&b=1", ""}, {"/?", "T"}, {"/a?b=%20x&c=1", "TOKEN/1"}};
  for (const auto& [target, token] : requests) {
    const Credentials c("AKID", "SECRET", token);
    sign_request(RequestView{"GET", target, kHost}, Body::bytes(""), c, kScope, s, reused);
    const auto fresh = sign(kHost, target, s, "", c);
    EXPECT_EQ(reused.canonical_request, fresh.canonical_request) << target;
    EXPECT_EQ(reused.presigned_url, fresh.presigned_url) << target;
    EXPECT_EQ(reused.presign_params, fresh.presign_params) << target;
  }
}

TEST(Presign, ExpiresMustBeBetweenOneSecondAndSevenDays) {
  for (std::int64_t ok : {1, 604800}) EXPECT_NO_THROW((void)sign(kHost, "/", SigningSettings::s3_presign(ok)));
  for (std::int64_t bad : {0, -1, 604801}) {
    try {
      (void)sign(kHost, "/", SigningSettings::s3_presign(bad));
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::expires_out_of_range);
    }
  }
}

TEST(Signature, IsTheHmacOfTheStringToSignWithTheDerivedKey) {
  const auto r = sign(kHost);
  std::uint8_t mac[32];
  crypto::hmac_sha256(r.signing_key, r.string_to_sign, mac);
  EXPECT_EQ(r.signature, crypto::hex(mac));
  EXPECT_EQ(r.signing_key_hex(), crypto::hex(SigningKey::derive(kCreds.secret_access_key.reveal(), "20150830",
                                                                "us-east-1", "service").bytes()));
}

TEST(Signature, StringToSignHasAlgorithmDateScopeAndHashedCanonicalRequest) {
  const auto r = sign(kHost);
  EXPECT_EQ(r.string_to_sign, "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
                                  crypto::hex(crypto::sha256(r.canonical_request)));
  EXPECT_EQ(r.credential_scope, "20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(r.authorization, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                             "SignedHeaders=host;x-amz-date, Signature=" + r.signature);
}

TEST(Signature, AReusedResultObjectGivesTheSameAnswerAsAFreshOne) {
  SigningResult reused;
  RequestView big{"GET", "/a?z=1&y=2&x=3", kHost};
  std::vector<HeaderView> many = kHost;
  for (int i = 0; i < 20; ++i) many.push_back({"X-H", "v"});
  RequestView v2{"GET", "/b", many};
  sign_request(big, Body(), kCreds, kScope, {}, reused);
  sign_request(v2, Body(), kCreds, kScope, {}, reused);
  sign_request(big, Body(), kCreds, kScope, {}, reused);
  EXPECT_EQ(reused.canonical_request, sign_request(big, Body(), kCreds, kScope, {}).canonical_request);
}

TEST(GenericSigning, SignStringUsesTheScopeKey) {
  std::uint8_t mac[32];
  const auto key = SigningKey::derive(kCreds.secret_access_key.reveal(), "20150830", "us-east-1", "service");
  crypto::hmac_sha256(key.bytes(), "anything", mac);
  EXPECT_EQ(sign_string("anything", kCreds, kScope), crypto::hex(mac));
}

TEST(GenericSigning, SignCanonicalRequestEqualsSigningTheRequest) {
  const auto full = sign(kHost, "/x?a=b");
  SigningResult g;
  sign_canonical_request(full.canonical_request, kCreds, kScope, g);
  EXPECT_EQ(g.string_to_sign, full.string_to_sign);
  EXPECT_EQ(g.signature, full.signature);
}

TEST(ServerParity, AsReceivedCanonicalisesTheQueryMinusTheSignatureAndAddsNothing) {
  SigningSettings s = SigningSettings::s3();
  s.location = SignatureLocation::query;
  s.auth_inputs = AuthInputs::as_received;
  s.payload_mode = PayloadMode::unsigned_payload;
  s.headers_to_sign = std::vector<std::string>{"host"};
  const auto client = sign(kHost, "/k", SigningSettings::s3_presign(60));
  const auto server = sign(kHost, client.presigned_target, s);
  EXPECT_EQ(server.canonical_request, client.canonical_request);
  EXPECT_EQ(server.signature, client.signature);
  EXPECT_TRUE(server.presigned_url.empty());
}

}  // namespace
