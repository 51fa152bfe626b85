// SHA-256 and HMAC-SHA256 against published vectors (FIPS 180-2, RFC 4231) and the SigV4 signing-key
// example of the AWS documentation ("Examples of how to derive a signing key"; recomputed with Python's
// hmac module), plus the precomputed-state paths against one-shot computation.
#include <gtest/gtest.h>

#include <string>

#include "sigv4/crypto/constant_time.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/hmac.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/signing_key.hpp"

namespace {

using sigv4::crypto::hex;

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Sha256, EmptyStringIsTheWellKnownEmptyPayloadHash) {
  EXPECT_EQ(hex(sigv4::crypto::sha256("")), sigv4::crypto::kEmptySha256Hex);
}

TEST(Sha256, Fips180Abc) {
  EXPECT_EQ(hex(sigv4::crypto::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, MillionAsFedInUnevenPieces) {
  sigv4::crypto::Sha256 h;
  const std::string a(1000, 'a');
  for (int i = 0; i < 1000; ++i) h.update(std::string_view(a).substr(0, 1 + i % 7)), h.update(std::string_view(a).substr(0, 1000 - 1 - i % 7));
  EXPECT_EQ(hex(h.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, ResumingFromAMidstateGivesTheSameDigest) {
  const std::string block(64, 'x');
  sigv4::crypto::Sha256 a;
  a.update(block);
  sigv4::crypto::Sha256 b(a.midstate());
  a.update("tail");
  b.update("tail");
  EXPECT_EQ(a.finish(), b.finish());
}

TEST(HmacSha256, Rfc4231Case2) {
  EXPECT_EQ(hex(sigv4::crypto::HmacSha256Key(bytes("Jefe")).mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231Case6KeyLongerThanABlockIsHashedFirst) {
  const std::string key(131, '\xaa');
  EXPECT_EQ(hex(sigv4::crypto::HmacSha256Key(bytes(key)).mac("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, StreamingFormEqualsOneShot) {
  const sigv4::crypto::HmacSha256Key k(bytes("key"));
  auto inner = k.begin();
  inner.update("hello ");
  inner.update("world");
  std::uint8_t out[32];
  k.finish(inner, out);
  EXPECT_EQ(hex(out), hex(k.mac("hello world")));
}

TEST(SigningKey, DerivationMatchesTheAwsDocumentationExample) {
  const auto key = sigv4::SigningKey::derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
  EXPECT_EQ(hex(key.bytes()), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigningKey, PrecomputedStatesSignLikeAPlainHmacWithTheKey) {
  const auto key = sigv4::SigningKey::derive("secret", "20150830", "us-east-1", "s3");
  char sig[64];
  key.sign_hex("string to sign", sig);
  std::uint8_t expected[32];
  sigv4::crypto::hmac_sha256(key.bytes(), "string to sign", expected);
  EXPECT_EQ(std::string(sig, 64), hex(expected));
}

TEST(SigningKey, LongSecretsAreAccepted) {
  const std::string secret(300, 's');
  const auto a = sigv4::SigningKey::derive(secret, "20150830", "us-east-1", "s3");
  const auto b = sigv4::cached_signing_key(secret, "20150830", "us-east-1", "s3");
  EXPECT_EQ(a.bytes(), b.bytes());
}

TEST(ConstantTimeEqual, ComparesContentsAndLengths) {
  EXPECT_TRUE(sigv4::crypto::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(sigv4::crypto::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(sigv4::crypto::constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(sigv4::crypto::constant_time_equal("", ""));
}

TEST(Hex, DecodeLowerAcceptsOnlyLowerCaseHexOfTheRightLength) {
  std::uint8_t out[2];
  EXPECT_TRUE(sigv4::crypto::hex_decode_lower("0aff", out));
  EXPECT_EQ(out[0], 0x0a);
  EXPECT_EQ(out[1], 0xff);
  EXPECT_FALSE(sigv4::crypto::hex_decode_lower("0AFF", out));
  EXPECT_FALSE(sigv4::crypto::hex_decode_lower("0af", out));
  EXPECT_FALSE(sigv4::crypto::hex_decode_lower("0afg", out));
}

}  // namespace
