// Runs every complete case of the official SigV4a suite (../shared/conformance/aws-c-auth-suite/v4a, see
// its README), header and query signing, through the library and through the CLI:
//  - the canonical request and string to sign match the expected files byte for byte;
//  - the public key derived from the case's credentials equals public-key.json;
//  - the suite's own signatures (*-signature.txt and the one inside *-signed-request.txt) verify with
//    that public key over the expected string to sign (so our verifier accepts AWS's signatures);
//  - our signature verifies with the suite's public key (not ours), and is randomised;
//  - the signed request equals the expected one apart from the signature value;
//  - the verifier accepts the suite's signed requests (AWS's signatures) given only the stored secret,
//    and refuses them tampered, for a server region outside the region set, and presigned ones expired.
#include <gtest/gtest.h>

#include "sigv4/crypto/hex.hpp"
#include "support/suite_case.hpp"

namespace {

using namespace sigv4::testing_support;
using nlohmann::json;

const fs::path kV4aDir = fs::path(SIGV4_SHARED_DIR) / "conformance" / "aws-c-auth-suite" / "v4a";

std::vector<SuiteCase> complete_cases() { return list_suite_cases(kV4aDir, "public-key.json"); }

sigv4::crypto::EcdsaP256PublicKey suite_public_key(const fs::path& dir) {
  const json j = json::parse(read_file(dir / "public-key.json"));
  auto key = sigv4::crypto::EcdsaP256PublicKey::from_xy_hex(j["X"].get<std::string>(), j["Y"].get<std::string>());
  if (!key) throw std::runtime_error("public-key.json of " + dir.string() + " is not a P-256 point");
  return *key;
}

// Removes the signature from a signed request (the Signature= of the Authorization header, or the
// X-Amz-Signature parameter) and returns it.
std::string take_signature(SignedRequestShape& shape) {
  for (auto& [name, value] : shape.headers)
    if (name == "authorization") {
      const auto at = value.rfind("Signature=");
      std::string sig = value.substr(at + 10);
      value.erase(at + 10);
      return sig;
    }
  for (auto it = shape.query.begin(); it != shape.query.end(); ++it)
    if (it->rfind("X-Amz-Signature=", 0) == 0) {
      std::string sig = it->substr(16);
      shape.query.erase(it);
      return sig;
    }
  return {};
}

sigv4::SigningSettings v4a_settings(const SuiteContext& ctx) {
  return ctx.settings.with_sigv4a(ctx.region);  // the case's region is the region set
}

class AwsCAuthV4a : public testing::TestWithParam<SuiteCase> {};

TEST_P(AwsCAuthV4a, LibraryMatchesCanonicalRequestStringToSignAndSignsVerifiably) {
  const auto& param = GetParam();
  const fs::path dir = kV4aDir / param.name;
  const std::string prefix = param.query ? "query-" : "header-";
  const SuiteContext ctx = load_suite_context(dir, param.query);
  auto parsed = sigv4::parse_raw_request(read_file(dir / "request.txt"));
  ASSERT_TRUE(parsed.request) << parsed.error;
  sigv4::HttpRequest request = *parsed.request;
  request.scheme = "https";

  std::vector<sigv4::HeaderView> views;
  const sigv4::SigningResult r = sigv4::sign_request(request.view(views), sigv4::Body::bytes(request.body),
                                                     ctx.credentials, {ctx.time, ctx.region, ctx.service},
                                                     v4a_settings(ctx));
  const std::string expected_sts = strip_cr(read_file(dir / (prefix + "string-to-sign.txt")));
  EXPECT_EQ(r.canonical_request, strip_cr(read_file(dir / (prefix + "canonical-request.txt"))));
  EXPECT_EQ(r.string_to_sign, expected_sts);

  const auto public_key = suite_public_key(dir);
  EXPECT_TRUE(public_key.verify_sha256_hex(r.string_to_sign, r.signature)) << r.signature;
  EXPECT_TRUE(public_key.verify_sha256_hex(expected_sts, trim(read_file(dir / (prefix + "signature.txt")))));

  sigv4::HttpRequest signed_request = request;
  if (param.query)
    signed_request.target = r.presigned_target;
  else
    for (const auto& h : r.headers_to_add) signed_request.set_header(h.name, h.value);
  SignedRequestShape ours = shape_of(signed_request);
  ours.body = trim(ours.body);
  SignedRequestShape expected = shape_of_text(read_file(dir / (prefix + "signed-request.txt")));
  EXPECT_EQ(take_signature(ours), r.signature);
  const std::string expected_signature = take_signature(expected);
  EXPECT_TRUE(public_key.verify_sha256_hex(expected_sts, expected_signature)) << expected_signature;
  EXPECT_EQ(ours, expected);
}

TEST_P(AwsCAuthV4a, DerivedPublicKeyEqualsPublicKeyJson) {
  const fs::path dir = kV4aDir / GetParam().name;
  const SuiteContext ctx = load_suite_context(dir, GetParam().query);
  const auto derived =
      sigv4::sigv4a_public_key(ctx.credentials.access_key_id, ctx.credentials.secret_access_key.reveal());
  const json j = json::parse(read_file(dir / "public-key.json"));
  EXPECT_EQ(derived.x_hex(), lower(j["X"].get<std::string>()));
  EXPECT_EQ(derived.y_hex(), lower(j["Y"].get<std::string>()));
}

INSTANTIATE_TEST_SUITE_P(Suite, AwsCAuthV4a, testing::ValuesIn(complete_cases()), suite_case_label);

TEST(AwsCAuthV4aSuite, HasAllThirtyEightCompleteCases) { EXPECT_EQ(complete_cases().size(), 76u); }

// The same cases through `sigv4 sign|presign --sigv4a --region-set R --json`.
class AwsCAuthV4aCli : public testing::TestWithParam<SuiteCase> {};

TEST_P(AwsCAuthV4aCli, CliJsonMatchesExpectedFilesAndSignatureVerifies) {
  const auto& param = GetParam();
  const fs::path dir = kV4aDir / param.name;
  const std::string prefix = param.query ? "query-" : "header-";
  const SuiteContext ctx = load_suite_context(dir, param.query);
  const std::string cmd = std::string(SIGV4_CLI_PATH) + (param.query ? " presign" : " sign") +
                          cli_signing_arguments(ctx, dir / "request.txt", param.query) + " --sigv4a --region-set " +
                          shell_quote(ctx.region);
  const json out = json::parse(run_command(without_aws_environment(cmd)));
  EXPECT_EQ(out["canonical_request"], strip_cr(read_file(dir / (prefix + "canonical-request.txt"))));
  EXPECT_EQ(out["string_to_sign"], strip_cr(read_file(dir / (prefix + "string-to-sign.txt"))));
  EXPECT_EQ(out["algorithm"], "AWS4-ECDSA-P256-SHA256");
  const json key = json::parse(read_file(dir / "public-key.json"));
  EXPECT_EQ(out["public_key"]["x"], lower(key["X"].get<std::string>()));
  EXPECT_EQ(out["public_key"]["y"], lower(key["Y"].get<std::string>()));
  EXPECT_TRUE(suite_public_key(dir).verify_sha256_hex(out["string_to_sign"].get<std::string>(),
                                                      out["signature"].get<std::string>()));
}

INSTANTIATE_TEST_SUITE_P(Suite, AwsCAuthV4aCli, testing::ValuesIn(complete_cases()), suite_case_label);

// --- The suite's signed requests through the verifier (the server side of SigV4a). ---

struct ServerView {
  sigv4::HttpRequest request;
  sigv4::CredentialStore store;
  sigv4::VerifyOptions options;
  std::string payload_sha256;
  std::string expected_string_to_sign;

  [[nodiscard]] sigv4::VerifyResult verify() const { return verify(request); }
  [[nodiscard]] sigv4::VerifyResult verify(const sigv4::HttpRequest& r) const {
    std::vector<sigv4::HeaderView> views;
    return sigv4::verify_request(r.view(views), store.lookup(), options, payload_sha256);
  }
};

ServerView server_view(const SuiteCase& param) {
  const fs::path dir = kV4aDir / param.name;
  const std::string prefix = param.query ? "query-" : "header-";
  const SuiteContext ctx = load_suite_context(dir, param.query);
  ServerView v;
  auto parsed = sigv4::parse_raw_request(read_file(dir / (prefix + "signed-request.txt")));
  if (!parsed.request) throw std::runtime_error(parsed.error);
  v.request = *parsed.request;
  const auto& c = ctx.credentials;
  if (c.session_token.empty())
    v.store.add(c.access_key_id, c.secret_access_key.reveal());
  else
    v.store.add(c.access_key_id, c.secret_access_key.reveal(), c.session_token.reveal());
  v.options.now = ctx.time;
  v.options.region = ctx.region;  // the server runs in the region the suite signs for
  v.options.service = ctx.service;
  v.options.rules = ctx.normalize ? sigv4::ServiceRules::generic : sigv4::ServiceRules::generic_as_given;
  // The suite's payload hash: the body's SHA-256, or the empty-string hash whatever the body.
  v.payload_sha256 = ctx.sign_body ? sigv4::crypto::hex(sigv4::crypto::sha256(trim(v.request.body)))
                                   : std::string(sigv4::crypto::kEmptySha256Hex);
  v.expected_string_to_sign = strip_cr(read_file(dir / (prefix + "string-to-sign.txt")));
  return v;
}

// post-sts-header-after adds the session token after signing: a server that demands every x-amz-*
// header be signed (S3's rule, verifier rule 7) rightly refuses it, so it is checked on its own below.
bool token_added_after_signing(const SuiteCase& c) { return c.name == "post-sts-header-after"; }

std::vector<SuiteCase> verifiable_cases() {
  auto all = complete_cases();
  std::erase_if(all, token_added_after_signing);
  return all;
}

sigv4::S3ErrorCode code_of(const sigv4::VerifyResult& r) {
  return r.error ? r.error->code : sigv4::S3ErrorCode::internal_error;
}

class AwsCAuthV4aVerifier : public testing::TestWithParam<SuiteCase> {};

TEST_P(AwsCAuthV4aVerifier, SuiteSignedRequestVerifiesWithTheStoredSecret) {
  const ServerView v = server_view(GetParam());
  const auto r = v.verify();
  ASSERT_TRUE(r.ok()) << r.error->message << "\n" << r.canonical_request;
  EXPECT_EQ(r.algorithm, sigv4::SigningAlgorithm::ecdsa_p256_sha256);
  EXPECT_EQ(r.string_to_sign, v.expected_string_to_sign);
  EXPECT_EQ(r.credential_scope, "20150830/service/aws4_request");
  EXPECT_EQ(r.region_set, "us-east-1");
}

TEST_P(AwsCAuthV4aVerifier, TamperedRequestOrSignatureIsSignatureDoesNotMatch) {
  const ServerView v = server_view(GetParam());
  sigv4::HttpRequest method = v.request;
  method.method = method.method == "GET" ? "HEAD" : "PUT";
  EXPECT_EQ(code_of(v.verify(method)), sigv4::S3ErrorCode::signature_does_not_match);
  sigv4::HttpRequest path = v.request;
  path.target.insert(1, "zz/");  // a new first segment survives normalisation ("/zz/example/.." is "/zz")
  EXPECT_EQ(code_of(v.verify(path)), sigv4::S3ErrorCode::signature_does_not_match);
  // One hex digit of the DER signature changed (in the middle, inside r or s).
  sigv4::HttpRequest sig = v.request;
  std::string* text = &sig.target;
  if (!GetParam().query)
    for (auto& h : sig.headers)
      if (sigv4::iequals(h.name, "Authorization")) text = &h.value;
  const std::size_t at = text->find(GetParam().query ? "X-Amz-Signature=" : "Signature=");
  ASSERT_NE(at, std::string::npos);
  const std::size_t digit = at + (GetParam().query ? 16 : 10) + 70;
  (*text)[digit] = (*text)[digit] == '0' ? '1' : '0';
  EXPECT_EQ(code_of(v.verify(sig)), sigv4::S3ErrorCode::signature_does_not_match);
  // Another credential's secret (a key rotated, or a guess): the public key differs.
  ServerView other = v;
  other.store = sigv4::CredentialStore();
  const SuiteContext ctx = load_suite_context(kV4aDir / GetParam().name, GetParam().query);
  if (ctx.credentials.session_token.empty())
    other.store.add(ctx.credentials.access_key_id, "another secret");
  else
    other.store.add(ctx.credentials.access_key_id, "another secret", ctx.credentials.session_token.reveal());
  EXPECT_EQ(code_of(other.verify()), sigv4::S3ErrorCode::signature_does_not_match);
}

TEST_P(AwsCAuthV4aVerifier, ServerRegionOutsideTheRegionSetIsRefusedWithTheRegionError) {
  ServerView v = server_view(GetParam());
  v.options.region = "eu-north-1";
  const auto r = v.verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, GetParam().query ? sigv4::S3ErrorCode::authorization_query_parameters_error
                                            : sigv4::S3ErrorCode::authorization_header_malformed);
  EXPECT_NE(r.error->message.find("region set"), std::string::npos) << r.error->message;
  // A server that does not pin its region accepts the request.
  v.options.region.clear();
  EXPECT_TRUE(v.verify().ok());
}

INSTANTIATE_TEST_SUITE_P(Suite, AwsCAuthV4aVerifier, testing::ValuesIn(verifiable_cases()), suite_case_label);

// Presigned (query) cases only: header signatures do not expire (the clock skew rule applies to them).
std::vector<SuiteCase> verifiable_presigned_cases() {
  auto all = verifiable_cases();
  std::erase_if(all, [](const SuiteCase& c) { return !c.query; });
  return all;
}

class AwsCAuthV4aPresignedVerifier : public testing::TestWithParam<SuiteCase> {};

TEST_P(AwsCAuthV4aPresignedVerifier, ExpiredPresignedRequestIsRefused) {
  ServerView v = server_view(GetParam());
  const SuiteContext ctx = load_suite_context(kV4aDir / GetParam().name, true);
  v.options.now = sigv4::SigningTime::from_unix_seconds(ctx.time.unix_seconds() + ctx.expires + 1);
  const auto r = v.verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, sigv4::S3ErrorCode::access_denied);
  EXPECT_EQ(r.error->message, "Request has expired");
  v.options.now = sigv4::SigningTime::from_unix_seconds(ctx.time.unix_seconds() + ctx.expires);
  EXPECT_TRUE(v.verify().ok());
}

INSTANTIATE_TEST_SUITE_P(Suite, AwsCAuthV4aPresignedVerifier, testing::ValuesIn(verifiable_presigned_cases()),
                         suite_case_label);

TEST(AwsCAuthV4aVerifierSuite, EveryCompleteCaseButTheUnsignedTokenOneIsVerified) {
  EXPECT_EQ(verifiable_cases().size(), 74u);
}

TEST(AwsCAuthV4aVerifierSuite, TokenAddedAfterSigningIsRefusedAsAnUnsignedHeader) {
  for (bool query : {false, true}) {
    const ServerView v = server_view(SuiteCase{"post-sts-header-after", query});
    const auto r = v.verify();
    ASSERT_FALSE(r.ok());
    if (!query) {
      EXPECT_EQ(r.error->code, sigv4::S3ErrorCode::access_denied);
      EXPECT_EQ(r.error->message, "There were headers present in the request which were not signed");
    }
  }
}

}  // namespace
