// The signer's SigV4a rules (AWS4-ECDSA-P256-SHA256): scope without region, X-Amz-Region-Set as a signed
// header or a presign parameter, the algorithm name, and signatures that verify with the derived public
// key, for fixed and for random requests. Exact canonical requests are checked by the official v4a suite
// (tests/sigv4a).
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "sigv4/error.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace {

using namespace sigv4;

const Credentials kCreds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
const SigningScope kScope{SigningTime::parse_or_throw("20150830T123600Z"), "us-east-1", "service"};
const std::vector<HeaderView> kHost = {{"Host", "example.amazonaws.com"}};

SigningSettings v4a(std::string region_set = {}, SignatureLocation location = SignatureLocation::headers) {
  SigningSettings s = SigningSettings().with_sigv4a(std::move(region_set));
  s.location = location;
  return s;
}

SigningResult sign(const SigningSettings& settings, std::string_view target = "/",
                   const std::vector<HeaderView>& headers = kHost, const SigningScope& scope = kScope) {
  return sign_request(RequestView{"GET", target, headers}, Body(), kCreds, scope, settings);
}

const crypto::EcdsaP256PublicKey& public_key() {
  static const auto key = Sigv4aSigningKey::derive(kCreds.access_key_id, kCreds.secret_access_key.reveal()).public_key();
  return key;
}

std::string find_added(const SigningResult& r, std::string_view name) {
  for (const auto& h : r.headers_to_add)
    if (h.name == name) return h.value;
  return "<absent>";
}

std::string query_line(const SigningResult& r) {
  std::istringstream in(r.canonical_request);
  std::string line;
  for (int i = 0; i < 3; ++i) std::getline(in, line);
  return line;
}

TEST(Sigv4aScope, IsDateServiceAws4RequestWithoutRegion) {
  const auto r = sign(v4a());
  EXPECT_EQ(r.credential_scope, "20150830/service/aws4_request");
  EXPECT_EQ(r.string_to_sign.substr(0, r.string_to_sign.rfind('\n')),
            "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request");
  EXPECT_EQ(r.authorization.substr(0, r.authorization.find(", ")),
            "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request");
}

TEST(Sigv4aHeaders, RegionSetIsAddedAndSignedDefaultingToTheScopeRegion) {
  const auto r = sign(v4a());
  EXPECT_EQ(r.signed_headers, "host;x-amz-date;x-amz-region-set");
  EXPECT_NE(r.canonical_request.find("\nx-amz-region-set:us-east-1\n"), std::string::npos);
  EXPECT_EQ(find_added(r, "X-Amz-Region-Set"), "us-east-1");
}

TEST(Sigv4aHeaders, ExplicitRegionSetIsNormalisedAndReplacesARequestHeader) {
  const std::vector<HeaderView> headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Region-Set", "stale"}};
  const auto r = sign(v4a("us-east-1, us-west-2"), "/", headers);
  EXPECT_NE(r.canonical_request.find("\nx-amz-region-set:us-east-1,us-west-2\n"), std::string::npos);
  EXPECT_EQ(r.canonical_request.find("stale"), std::string::npos);
  EXPECT_EQ(find_added(r, "X-Amz-Region-Set"), "us-east-1,us-west-2");
}

TEST(Sigv4aHeaders, RegionSetAloneNeedsNoScopeRegion) {
  const SigningScope no_region{kScope.time, "", "s3"};
  const auto r = sign(v4a("*"), "/", kHost, no_region);
  EXPECT_EQ(find_added(r, "X-Amz-Region-Set"), "*");
  EXPECT_TRUE(public_key().verify_sha256_hex(r.string_to_sign, r.signature));
}

TEST(Sigv4aHeaders, MalformedRegionSetOrNoRegionAtAllIsInvalidRegion) {
  for (const auto& [set, region] : {std::pair<std::string, std::string>{"us-east-1,,x", "us-east-1"}, {"", ""},
                                    {"us east", "us-east-1"}}) {
    const SigningScope scope{kScope.time, region, "service"};
    try {
      (void)sign(v4a(set), "/", kHost, scope);
      ADD_FAILURE() << "accepted region set '" << set << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_region);
    }
  }
}

TEST(Sigv4aHeaders, StreamingEcdsaPayloadIsDeclaredInContentSha256) {
  SigningSettings s = v4a();
  s.payload_mode = PayloadMode::streaming_ecdsa_signed_trailer;
  const auto r = sign(s);
  EXPECT_EQ(find_added(r, "x-amz-content-sha256"), "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER");
  EXPECT_EQ(r.signed_headers, "host;x-amz-content-sha256;x-amz-date;x-amz-region-set");
}

TEST(Sigv4aSignature, IsRandomisedDerHexThatVerifiesWithTheDerivedKey) {
  const auto a = sign(v4a()), b = sign(v4a());
  EXPECT_EQ(a.string_to_sign, b.string_to_sign);
  EXPECT_NE(a.signature, b.signature);
  EXPECT_TRUE(public_key().verify_sha256_hex(a.string_to_sign, a.signature));
  EXPECT_TRUE(public_key().verify_sha256_hex(b.string_to_sign, b.signature));
  EXPECT_EQ(a.signing_key, (std::array<std::uint8_t, 32>{}));  // SigV4a has no symmetric key
}

TEST(Sigv4aPresign, RegionSetIsASignedQueryParameter) {
  const auto r = sign(v4a("*", SignatureLocation::query));
  EXPECT_NE(query_line(r).find("&X-Amz-Region-Set=%2A&"), std::string::npos) << query_line(r);
  EXPECT_NE(query_line(r).find("X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&"), std::string::npos);
  EXPECT_NE(r.presigned_target.find("X-Amz-Region-Set=%2A"), std::string::npos);
  bool listed = false;
  for (const auto& [k, v] : r.presign_params) listed = listed || (k == "X-Amz-Region-Set" && v == "*");
  EXPECT_TRUE(listed);
  EXPECT_TRUE(public_key().verify_sha256_hex(r.string_to_sign, r.signature));
}

TEST(Sigv4aPresign, StaleRegionSetParameterIsReplaced) {
  const auto r = sign(v4a("us-west-2", SignatureLocation::query), "/?a=1&X-Amz-Region-Set=old");
  EXPECT_EQ(r.presigned_target.find("old"), std::string::npos) << r.presigned_target;
  EXPECT_EQ(query_line(r).find("old"), std::string::npos);
  EXPECT_NE(query_line(r).find("X-Amz-Region-Set=us-west-2"), std::string::npos);
}

TEST(Sigv4HmacPath, RegionSetHeaderAndParameterAreOrdinaryInputs) {
  // Without SigV4a, X-Amz-Region-Set means nothing to the signer: signed as given, never added.
  const std::vector<HeaderView> headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Region-Set", "x"}};
  const auto h = sign(SigningSettings(), "/", headers);
  EXPECT_NE(h.canonical_request.find("\nx-amz-region-set:x\n"), std::string::npos);
  EXPECT_EQ(find_added(h, "X-Amz-Region-Set"), "<absent>");
  SigningSettings q;
  q.location = SignatureLocation::query;
  const auto p = sign(q, "/?X-Amz-Region-Set=x");
  EXPECT_NE(p.presigned_target.find("X-Amz-Region-Set=x"), std::string::npos);
  EXPECT_EQ(p.signature.size(), 64u);
}

TEST(Sigv4aGenericSigning, SignStringAndSignCanonicalRequestUseTheEcdsaKey) {
  const std::string sig = sign_string("anything", kCreds, kScope, SigningAlgorithm::ecdsa_p256_sha256);
  EXPECT_TRUE(public_key().verify_sha256_hex("anything", sig));
  SigningResult r;
  sign_canonical_request("GET\n/\n\nhost:x\n\nhost\nUNSIGNED-PAYLOAD", kCreds, kScope, r,
                         SigningAlgorithm::ecdsa_p256_sha256);
  EXPECT_EQ(r.credential_scope, "20150830/service/aws4_request");
  EXPECT_EQ(r.string_to_sign.rfind("AWS4-ECDSA-P256-SHA256\n", 0), 0u);
  EXPECT_TRUE(public_key().verify_sha256_hex(r.string_to_sign, r.signature));
}

// A server-side recomputation: the received request canonicalised as received, with the signed headers.
SigningResult recompute(const HttpRequest& received, const std::string& signed_headers, SignatureLocation location) {
  SigningSettings s = v4a({}, location);
  s.auth_inputs = AuthInputs::as_received;
  std::vector<std::string> names;
  std::istringstream in(signed_headers);
  for (std::string n; std::getline(in, n, ';');) names.push_back(n);
  s.headers_to_sign = names;
  s.payload_mode = PayloadMode::precomputed;
  s.payload_hash = std::string(64, '0');
  std::vector<HeaderView> views;
  return sign_request(received.view(views), Body(), kCreds, kScope, s);
}

TEST(Sigv4aRoundTrip, RandomRequestsVerifyAndTamperedOnesDoNot) {
  std::mt19937 rng(20150830);
  auto pick = [&](std::string_view alphabet, int max_len) {
    std::string s;
    const int n = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_len));
    for (int i = 0; i < n; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
    return s;
  };
  constexpr std::string_view kToken = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
  constexpr std::string_view kValue = "abc XYZ 019 -_.~!$&'()*+,;=:@/?";
  for (int i = 0; i < 40; ++i) {
    HttpRequest req;
    req.method = (i % 3 == 0) ? "PUT" : "GET";
    req.target = "/" + pick(kToken, 12) + "/" + pick(kToken, 8) + "?" + pick(kToken, 6) + "=" + pick(kToken, 6);
    req.headers = {{"Host", "example.amazonaws.com"}, {"X-" + pick(kToken, 8), pick(kValue, 20)}};
    const auto location = (i % 2 == 0) ? SignatureLocation::headers : SignatureLocation::query;
    SigningSettings s = v4a(i % 4 == 0 ? "*" : "us-east-1,eu-west-1", location);
    s.payload_mode = PayloadMode::precomputed;
    s.payload_hash = std::string(64, '0');
    std::vector<HeaderView> views;
    const SigningResult signed_result = sign_request(req.view(views), Body(), kCreds, kScope, s);
    HttpRequest sent = req;
    if (location == SignatureLocation::headers)
      for (const auto& h : signed_result.headers_to_add) sent.set_header(h.name, h.value);
    else
      sent.target = signed_result.presigned_target;

    const auto again = recompute(sent, signed_result.signed_headers, location);
    ASSERT_EQ(again.canonical_request, signed_result.canonical_request) << req.target;
    EXPECT_TRUE(public_key().verify_sha256_hex(again.string_to_sign, signed_result.signature));

    HttpRequest tampered = sent;
    tampered.headers[1].value += "!";
    EXPECT_FALSE(public_key().verify_sha256_hex(recompute(tampered, signed_result.signed_headers, location).string_to_sign,
                                                signed_result.signature));
  }
}

}  // namespace
