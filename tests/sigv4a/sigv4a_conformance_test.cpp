// Runs every complete case of the official SigV4a suite (../shared/conformance/aws-c-auth-suite/v4a, see
// its README), header and query signing, through the library and through the CLI:
//  - the canonical request and string to sign match the expected files byte for byte;
//  - the public key derived from the case's credentials equals public-key.json;
//  - the suite's own signatures (*-signature.txt and the one inside *-signed-request.txt) verify with
//    that public key over the expected string to sign (so our verifier accepts AWS's signatures);
//  - our signature verifies with the suite's public key (not ours), and is randomised;
//  - the signed request equals the expected one apart from the signature value.
#include <gtest/gtest.h>

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

}  // namespace
