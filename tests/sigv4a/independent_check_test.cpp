// SigV4a against an independent implementation (tests/sigv4a/independent_ecdsa.py: the key derivation in
// plain Python from AWS's description, ECDSA from Python's `cryptography`), in both directions:
//  - requests this library signs (random credentials, requests, region sets, header and query) verify
//    there, and their string to sign ends in SHA-256 of the canonical request as computed there;
//  - signatures made there verify here, and the public key derived there equals ours;
//  - aws-chunked SigV4a bodies this library encodes are parsed there, and every chunk and trailer
//    signature verifies over the chunk string to sign built there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "sigv4/chunked.hpp"
#include "sigv4/crypto/base64.hpp"
#include "support/suite_case.hpp"

namespace {

using namespace sigv4::testing_support;
using nlohmann::json;

const std::string kScript = std::string(SIGV4_SOURCE_DIR) + "/tests/sigv4a/independent_ecdsa.py";

struct RandomText {
  std::mt19937 rng;
  std::string pick(std::string_view alphabet, int min_len, int max_len) {
    std::string s;
    const int n = min_len + static_cast<int>(rng() % static_cast<unsigned>(max_len - min_len + 1));
    for (int i = 0; i < n; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
    return s;
  }
};

constexpr std::string_view kKeyChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kPathChars = "abcdefghijklmnopqrstuvwxyz0123456789-_.~";
constexpr std::string_view kValueChars = "abc XYZ 019 -_.~!$&'()*+,;=:@/?\t";

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".jsonl");
}

TEST(Sigv4aIndependentCheck, OurSignaturesVerifyWithPythonCryptographyAndItsOwnKeyDerivation) {
  RandomText r{std::mt19937(20150830)};
  const fs::path cases = temp_file("sigv4a-ours");
  {
    std::ofstream out(cases);
    for (int i = 0; i < 60; ++i) {
      const sigv4::Credentials creds("AKIA" + r.pick(kKeyChars, 16, 16), r.pick(kSecretChars, 40, 40),
                                     i % 5 == 0 ? r.pick(kSecretChars, 20, 60) : "");
      sigv4::HttpRequest req = sigv4::HttpRequest::from_url(
          i % 3 == 0 ? "PUT" : "GET", "https://bucket.mrap.accesspoint.s3-global.amazonaws.com/" +
                                           r.pick(kPathChars, 1, 20) + "?" + r.pick(kPathChars, 1, 6) + "=" +
                                           r.pick(kPathChars, 0, 6));
      req.headers.push_back({"X-Amz-Meta-" + r.pick(kKeyChars, 1, 8), r.pick(kValueChars, 0, 30)});
      req.body = r.pick(kValueChars, 0, 100);
      sigv4::SigningSettings s = sigv4::SigningSettings::s3().with_sigv4a(
          i % 4 == 0 ? "*" : (i % 4 == 1 ? "us-east-1,us-west-2" : ""));
      if (i % 2 == 1) s.location = sigv4::SignatureLocation::query;
      const sigv4::SigningScope scope{sigv4::SigningTime::parse_or_throw("20240102T030405Z"), "eu-west-1", "s3"};
      std::vector<sigv4::HeaderView> views;
      const auto result = sigv4::sign_request(req.view(views), sigv4::Body::bytes(req.body), creds, scope, s);
      out << json{{"access_key", creds.access_key_id},
                  {"secret", std::string(creds.secret_access_key.reveal())},
                  {"canonical_request", result.canonical_request},
                  {"string_to_sign", result.string_to_sign},
                  {"signature", result.signature}}
                 .dump()
          << "\n";
    }
  }
  const std::string output = run_command("/usr/bin/python3 " + shell_quote(kScript) + " verify " +
                                         shell_quote(cases.string()) + " 2>&1; echo \"exit=$?\"");
  fs::remove(cases);
  EXPECT_NE(output.find("60 passed, 0 failed"), std::string::npos) << output;
  EXPECT_NE(output.find("exit=0"), std::string::npos) << output;
}

TEST(Sigv4aIndependentCheck, PythonCryptographySignaturesVerifyHereAndItsPublicKeyEqualsOurs) {
  RandomText r{std::mt19937(4242)};
  const fs::path cases = temp_file("sigv4a-theirs");
  std::vector<json> inputs;
  {
    std::ofstream out(cases);
    for (int i = 0; i < 30; ++i) {
      json in{{"access_key", "AKIA" + r.pick(kKeyChars, 16, 16)},
              {"secret", r.pick(kSecretChars, 40, 40)},
              {"message", "AWS4-ECDSA-P256-SHA256\n20240102T030405Z\n20240102/s3/aws4_request\n" +
                              r.pick("0123456789abcdef", 64, 64)}};
      out << in.dump() << "\n";
      inputs.push_back(in);
    }
  }
  const std::string output =
      run_command("/usr/bin/python3 " + shell_quote(kScript) + " sign " + shell_quote(cases.string()));
  fs::remove(cases);
  const auto lines = split(output, '\n');
  ASSERT_GE(lines.size(), inputs.size()) << output;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const json theirs = json::parse(lines[i]);
    const auto ours = sigv4::Sigv4aSigningKey::derive(inputs[i]["access_key"].get<std::string>(),
                                                      inputs[i]["secret"].get<std::string>());
    EXPECT_EQ(ours.public_key().x_hex(), theirs["x"]) << i;
    EXPECT_EQ(ours.public_key().y_hex(), theirs["y"]) << i;
    const std::string message = inputs[i]["message"];
    EXPECT_TRUE(ours.public_key().verify_sha256_hex(message, theirs["signature"].get<std::string>())) << i;
    EXPECT_FALSE(ours.public_key().verify_sha256_hex(message + "\n", theirs["signature"].get<std::string>())) << i;
  }
}

std::string b64(std::string_view s) {
  return sigv4::crypto::base64(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

TEST(Sigv4aIndependentCheck, OurChunkAndTrailerSignaturesVerifyWithPythonCryptography) {
  RandomText r{std::mt19937(8192)};
  const fs::path cases = temp_file("sigv4a-chunks");
  int bodies = 0;
  std::size_t expected_signatures = 0;
  {
    std::ofstream out(cases);
    for (int i = 0; i < 8; ++i) {
      const sigv4::Credentials creds("AKIA" + r.pick(kKeyChars, 16, 16), r.pick(kSecretChars, 40, 40));
      const bool trailer = i % 2 == 1;
      sigv4::ChunkedUploadOptions o;
      o.mode = trailer ? sigv4::ChunkedMode::ecdsa_signed_payload_trailer : sigv4::ChunkedMode::ecdsa_signed_payload;
      o.chunk_size = sigv4::kMinimumChunkSize;
      if (trailer) o.checksum = i % 4 == 1 ? sigv4::ChecksumAlgorithm::crc32c : sigv4::ChecksumAlgorithm::sha256;
      const std::string data = r.pick(kSecretChars, 0, 3 * 8192 + 100);
      const std::size_t chunks = (data.size() + o.chunk_size - 1) / o.chunk_size + 1;  // with the final one
      expected_signatures += chunks + (trailer ? 1 : 0);
      const sigv4::SigningScope scope{sigv4::SigningTime::parse_or_throw("20240102T030405Z"), "eu-west-1", "s3"};
      sigv4::HttpRequest req = sigv4::HttpRequest::from_url("PUT", "https://mrap.accesspoint.s3-global.amazonaws.com/k");
      sigv4::SigningResult seed;
      sigv4::ChunkedEncoder enc = sigv4::sign_chunked_upload(req, sigv4::ChunkSource::bytes(data), creds, scope, o,
                                                             sigv4::SigningSettings::s3().with_sigv4a(), &seed);
      std::string wire;
      for (auto piece = enc.next(); !piece.empty(); piece = enc.next()) wire.append(piece);
      out << json{{"access_key", creds.access_key_id},
                  {"secret", std::string(creds.secret_access_key.reveal())},
                  {"amz_date", "20240102T030405Z"},
                  {"scope", seed.credential_scope},
                  {"seed_signature", seed.signature},
                  {"trailer_mode", trailer},
                  {"data_b64", b64(data)},
                  {"wire_b64", b64(wire)}}
                 .dump()
          << "\n";
      ++bodies;
    }
  }
  const std::string output = run_command("/usr/bin/python3 " + shell_quote(kScript) + " verify-chunks " +
                                         shell_quote(cases.string()) + " 2>&1; echo \"exit=$?\"");
  fs::remove(cases);
  EXPECT_NE(output.find(std::to_string(bodies) + " passed, 0 failed, " + std::to_string(expected_signatures) +
                        " signatures verified"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("exit=0"), std::string::npos) << output;
}

}  // namespace
