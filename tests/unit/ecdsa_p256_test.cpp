// ECDSA P-256 keys and signatures (sigv4/crypto/ecdsa_p256.hpp): key validation, point encodings, and
// verification that accepts exactly the valid DER signatures.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sigv4/crypto/ecdsa_p256.hpp"
#include "sigv4/crypto/hex.hpp"

namespace {

using namespace sigv4::crypto;

// The P-256 base point G (FIPS 186-4, D.1.2.3): the public key of the scalar 1.
constexpr std::string_view kGx = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
constexpr std::string_view kGy = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

EcdsaP256PrivateKey scalar_key(std::uint8_t last_byte) {
  std::array<std::uint8_t, 32> d{};
  d[31] = last_byte;
  auto key = EcdsaP256PrivateKey::from_scalar(d);
  EXPECT_TRUE(key);
  return *key;
}

TEST(EcdsaP256PrivateKey, ScalarOneHasTheBasePointAsPublicKey) {
  const auto key = scalar_key(1);
  EXPECT_EQ(key.public_key().x_hex(), kGx);
  EXPECT_EQ(key.public_key().y_hex(), kGy);
  EXPECT_EQ(key.public_key().sec1_uncompressed()[0], 0x04);
}

TEST(EcdsaP256PrivateKey, ZeroAndScalarsNotBelowTheOrderAreRejected) {
  std::array<std::uint8_t, 32> zero{};
  EXPECT_FALSE(EcdsaP256PrivateKey::from_scalar(zero));
  std::array<std::uint8_t, 32> n{};
  ASSERT_TRUE(hex_decode_lower("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", n));
  EXPECT_FALSE(EcdsaP256PrivateKey::from_scalar(n));
  n[31] = 0x50;  // n - 1 is the largest valid scalar
  EXPECT_TRUE(EcdsaP256PrivateKey::from_scalar(n));
}

TEST(EcdsaP256PublicKey, CoordinatesNotOnTheCurveAreRejected) {
  std::string bad_y(kGy);
  bad_y.back() = '4';
  EXPECT_FALSE(EcdsaP256PublicKey::from_xy_hex(kGx, bad_y));
  EXPECT_FALSE(EcdsaP256PublicKey::from_xy_hex(kGx, "zz" + std::string(kGy.substr(2))));
  EXPECT_FALSE(EcdsaP256PublicKey::from_xy_hex(kGx, kGy.substr(1)));
  EXPECT_TRUE(EcdsaP256PublicKey::from_xy_hex(kGx, kGy));
}

TEST(EcdsaP256PublicKey, CompressedAndUncompressedEncodingsGiveTheSameKey) {
  const auto key = scalar_key(7).public_key();
  const auto& full = key.sec1_uncompressed();
  std::vector<std::uint8_t> compressed(full.begin(), full.begin() + 33);
  compressed[0] = static_cast<std::uint8_t>(0x02 | (full[64] & 1));
  const auto decoded = EcdsaP256PublicKey::from_sec1(compressed);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, key);
  EXPECT_FALSE(EcdsaP256PublicKey::from_sec1(std::vector<std::uint8_t>(full.begin(), full.begin() + 64)));
}

TEST(EcdsaP256PublicKey, PemIsASubjectPublicKeyInfo) {
  const std::string pem = scalar_key(1).public_key().pem();
  EXPECT_EQ(pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_NE(pem.find("-----END PUBLIC KEY-----"), std::string::npos);
}

TEST(EcdsaP256Verify, AcceptsOwnSignatureAndRejectsTampering) {
  const auto key = scalar_key(9);
  std::vector<std::uint8_t> sig;
  key.sign_sha256("message", sig);
  const auto& pub = key.public_key();
  EXPECT_TRUE(pub.verify_sha256("message", sig));
  EXPECT_FALSE(pub.verify_sha256("messagE", sig));
  for (std::size_t i = 0; i < sig.size(); ++i) {  // any flipped bit: DER structure, r or s
    auto bad = sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(pub.verify_sha256("message", bad)) << "flipped byte " << i;
  }
  auto trailing = sig;
  trailing.push_back(0);
  EXPECT_FALSE(pub.verify_sha256("message", trailing));
  EXPECT_FALSE(pub.verify_sha256("message", std::span(sig).first(sig.size() - 1)));
  EXPECT_FALSE(scalar_key(10).public_key().verify_sha256("message", sig));
  EXPECT_FALSE(EcdsaP256PublicKey().verify_sha256("message", sig));
}

TEST(EcdsaP256Verify, HexFormAcceptsEitherCaseAndRejectsMalformedHex) {
  const auto key = scalar_key(3);
  std::string hex_sig;
  key.sign_sha256_hex("m", hex_sig);
  EXPECT_TRUE(key.public_key().verify_sha256_hex("m", hex_sig));
  std::string upper = hex_sig;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(key.public_key().verify_sha256_hex("m", upper));
  EXPECT_FALSE(key.public_key().verify_sha256_hex("m", hex_sig.substr(1)));
  EXPECT_FALSE(key.public_key().verify_sha256_hex("m", hex_sig.substr(0, hex_sig.size() - 2) + "zz"));
  EXPECT_FALSE(key.public_key().verify_sha256_hex("m", ""));
  EXPECT_FALSE(key.public_key().verify_sha256_hex("m", hex_sig + hex_sig));
}

}  // namespace
