// The SigV4a key derivation rules (sigv4/sigv4a_key.hpp): the KDF's fixed input layout, the n-2
// boundary of the candidate, the key AWS's own suite publishes, and the per-thread cache.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/error.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace {

using namespace sigv4;

constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// The P-256 group order n (FIPS 186-4, D.1.2.3), big-endian.
std::array<std::uint8_t, 32> order_plus(int delta) {
  std::array<std::uint8_t, 32> n{};
  const std::string hex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
  EXPECT_TRUE(crypto::hex_decode_lower(hex, n));
  // Small deltas only touch the last byte (0x51).
  n[31] = static_cast<std::uint8_t>(n[31] + delta);
  return n;
}

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Sigv4aKdfFixedInput, IsBlockIndexLabelZeroAccessKeyCounterAndLength) {
  std::vector<std::uint8_t> expected = {0, 0, 0, 1};
  for (auto b : bytes("AWS4-ECDSA-P256-SHA256")) expected.push_back(b);
  expected.push_back(0);
  for (auto b : bytes("AKIDEXAMPLE")) expected.push_back(b);
  expected.push_back(7);
  for (int b : {0, 0, 1, 0}) expected.push_back(static_cast<std::uint8_t>(b));
  EXPECT_EQ(sigv4a_kdf_fixed_input("AKIDEXAMPLE", 7), expected);
}

TEST(Sigv4aCandidate, CandidateAtMostNMinus2BecomesCandidatePlusOne) {
  const auto scalar = sigv4a_scalar_from_candidate(order_plus(-2));
  ASSERT_TRUE(scalar);
  EXPECT_EQ(*scalar, order_plus(-1));
  std::array<std::uint8_t, 32> zero{}, one{};
  one[31] = 1;
  EXPECT_EQ(sigv4a_scalar_from_candidate(zero), one);
  std::array<std::uint8_t, 32> carry{};  // 0x...00ff + 1 carries into the next byte
  carry[31] = 0xff;
  std::array<std::uint8_t, 32> carried{};
  carried[30] = 1;
  EXPECT_EQ(sigv4a_scalar_from_candidate(carry), carried);
}

TEST(Sigv4aCandidate, CandidateAboveNMinus2MeansTryTheNextCounter) {
  EXPECT_FALSE(sigv4a_scalar_from_candidate(order_plus(-1)));
  EXPECT_FALSE(sigv4a_scalar_from_candidate(order_plus(0)));
  std::array<std::uint8_t, 32> max;
  max.fill(0xff);
  EXPECT_FALSE(sigv4a_scalar_from_candidate(max));
}

TEST(Sigv4aKeyDerivation, ExampleCredentialsGiveThePublicKeyOfTheAwsSuite) {
  // ../shared/conformance/aws-c-auth-suite/v4a/get-vanilla/public-key.json (produced by aws-c-auth).
  std::ifstream in(std::string(SIGV4_SHARED_DIR) + "/conformance/aws-c-auth-suite/v4a/get-vanilla/public-key.json");
  ASSERT_TRUE(in) << "the shared conformance suite is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string json = ss.str();
  auto field = [&](const std::string& name) {
    const auto at = json.find('"', json.find(":", json.find("\"" + name + "\"")) + 1);
    return json.substr(at + 1, 64);
  };
  const auto key = Sigv4aSigningKey::derive(kAccessKey, kSecret);
  EXPECT_EQ(key.public_key().x_hex(), field("X"));
  EXPECT_EQ(key.public_key().y_hex(), field("Y"));
}

TEST(Sigv4aKeyDerivation, DependsOnBothAccessKeyAndSecret) {
  const auto base = Sigv4aSigningKey::derive(kAccessKey, kSecret).public_key();
  EXPECT_NE(Sigv4aSigningKey::derive("AKIDEXAMPLF", kSecret).public_key(), base);
  EXPECT_NE(Sigv4aSigningKey::derive(kAccessKey, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ").public_key(), base);
  EXPECT_EQ(Sigv4aSigningKey::derive(kAccessKey, kSecret).public_key(), base);
}

TEST(Sigv4aKeyDerivation, EmptyCredentialsAreInvalidCredentials) {
  for (auto [ak, sk] : {std::pair<std::string_view, std::string_view>{"", kSecret}, {kAccessKey, ""}}) {
    try {
      (void)Sigv4aSigningKey::derive(ak, sk);
      ADD_FAILURE() << "expected invalid_credentials";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_credentials);
    }
  }
}

TEST(Sigv4aKeyDerivation, LongSecretsAreHashedByTheHmacNotTruncated) {
  const std::string long_a(200, 'a');
  std::string long_b = long_a;
  long_b.back() = 'b';
  EXPECT_NE(Sigv4aSigningKey::derive(kAccessKey, long_a).public_key(),
            Sigv4aSigningKey::derive(kAccessKey, long_b).public_key());
}

TEST(Sigv4aSignature, VerifiesWithThePublicKeyAndIsRandomised) {
  const auto key = Sigv4aSigningKey::derive(kAccessKey, kSecret);
  const std::string sts = "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\nabc";
  const std::string a = key.sign_hex(sts), b = key.sign_hex(sts);
  EXPECT_NE(a, b);
  EXPECT_GE(a.size(), 140u);
  EXPECT_LE(a.size(), 144u);
  EXPECT_TRUE(crypto::is_lower_hex(a));
  EXPECT_TRUE(key.public_key().verify_sha256_hex(sts, a));
  EXPECT_TRUE(key.public_key().verify_sha256_hex(sts, b));
  EXPECT_FALSE(key.public_key().verify_sha256_hex(sts + "x", a));
}

TEST(Sigv4aKeyCache, CachedKeyEqualsFreshDerivation) {
  const auto fresh = Sigv4aSigningKey::derive(kAccessKey, kSecret).public_key();
  EXPECT_EQ(cached_sigv4a_signing_key(kAccessKey, kSecret).public_key(), fresh);
  EXPECT_EQ(cached_sigv4a_signing_key(kAccessKey, kSecret).public_key(), fresh);
  EXPECT_EQ(sigv4a_public_key(kAccessKey, kSecret), fresh);
}

TEST(Sigv4aKeyCache, SecretsSharingAPrefixAndAccessKeysAreToldApart) {
  EXPECT_NE(cached_sigv4a_signing_key(kAccessKey, "secretXXXXa").public_key(),
            cached_sigv4a_signing_key(kAccessKey, "secretXXXXb").public_key());
  EXPECT_NE(cached_sigv4a_signing_key("AKID1", "secret").public_key(),
            cached_sigv4a_signing_key("AKID2", "secret").public_key());
}

TEST(Sigv4aKeyCache, ManyEntriesEvictWithoutReturningWrongKeys) {
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 40; ++i) {
      const std::string ak = "AKID" + std::to_string(i);
      ASSERT_EQ(cached_sigv4a_signing_key(ak, kSecret).public_key(),
                Sigv4aSigningKey::derive(ak, kSecret).public_key());
    }
}

TEST(Sigv4aKeyCache, ClearForgetsEntriesAndKeysStayUsable) {
  const auto key = cached_sigv4a_signing_key(kAccessKey, kSecret);
  clear_sigv4a_signing_key_cache();
  const std::string sig = key.sign_hex("message");  // the caller's copy outlives the cache entry
  EXPECT_TRUE(cached_sigv4a_signing_key(kAccessKey, kSecret).public_key().verify_sha256_hex("message", sig));
}

TEST(Sigv4aKeyCache, ConcurrentThreadsAlwaysGetTheRightKey) {
  std::vector<crypto::EcdsaP256PublicKey> expected;
  for (int i = 0; i < 4; ++i) expected.push_back(Sigv4aSigningKey::derive(kAccessKey, "secret" + std::to_string(i)).public_key());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int n = 0; n < 100; ++n) {
        const int i = (t + n) % 4;
        const auto key = cached_sigv4a_signing_key(kAccessKey, "secret" + std::to_string(i));
        if (key.public_key() != expected[i] || !expected[i].verify_sha256_hex("m", key.sign_hex("m"))) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
