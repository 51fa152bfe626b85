// The SigV4 signing key and its cache (SigV4 documentation, "Calculate the signature": kDate =
// HMAC("AWS4" + secret, date), kRegion, kService, kSigning = HMAC(kService, "aws4_request")).
//
// A SigningKey keeps the HMAC inner/outer SHA-256 states of kSigning, so a signature with a cached key
// costs only the string-to-sign blocks plus one outer block.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sigv4/crypto/hmac.hpp"

namespace sigv4 {

class SigningKey {
 public:
  SigningKey() = default;
  ~SigningKey();
  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;

  // Derives kSigning from the secret and scope (4 HMACs). Does not validate its inputs.
  static SigningKey derive(std::string_view secret_access_key, std::string_view date_stamp,
                           std::string_view region, std::string_view service);
  // Wraps an already derived 32-byte key (e.g. one a server stored instead of the secret).
  static SigningKey from_bytes(const std::array<std::uint8_t, 32>& key);

  [[nodiscard]] const std::array<std::uint8_t, 32>& bytes() const noexcept { return key_; }
  [[nodiscard]] const crypto::HmacSha256Key& hmac() const noexcept { return hmac_; }

  // HMAC-SHA256(kSigning, message) as 64 lower-case hex characters written to out.
  void sign_hex(std::string_view message, char out[64]) const noexcept;

 private:
  std::array<std::uint8_t, 32> key_{};
  crypto::HmacSha256Key hmac_;
};

// Returns the signing key for (secret, date, region, service), deriving it on a miss.
//
// Thread-safe without locks: each thread keeps its own small direct-mapped table (32 entries), so
// concurrent signers never contend on a shared line; a miss costs one derivation (4 HMACs). Entries
// are zeroed when replaced and when the thread exits. This is the library's only global state.
SigningKey cached_signing_key(std::string_view secret_access_key, std::string_view date_stamp,
                              std::string_view region, std::string_view service);

// The same without copying the key: a reference into the calling thread's cache, valid until the
// thread's next call of cached_signing_key, cached_signing_key_ref or clear_signing_key_cache. The
// signer and the verifier use it, so a cache hit costs a lookup and nothing else.
const SigningKey& cached_signing_key_ref(std::string_view secret_access_key, std::string_view date_stamp,
                                        std::string_view region, std::string_view service);

// Zeroes and empties the calling thread's cache (e.g. after rotating credentials).
void clear_signing_key_cache() noexcept;

}  // namespace sigv4
