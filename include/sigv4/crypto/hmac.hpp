// HMAC-SHA256 (RFC 2104) with precomputed inner/outer states.
//
// Why: HMAC(K, m) = H((K^opad) || H((K^ipad) || m)). The two pad blocks depend only on K, so a key
// used many times (the SigV4 signing key, a chunk signer's key) absorbs them once; each MAC then costs
// only the message blocks plus one outer block.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "sigv4/crypto/sha256.hpp"

namespace sigv4::crypto {

class HmacSha256Key {
 public:
  HmacSha256Key() = default;
  explicit HmacSha256Key(std::span<const std::uint8_t> key) noexcept { set_key(key); }
  ~HmacSha256Key() { wipe(); }
  HmacSha256Key(const HmacSha256Key&) = default;
  HmacSha256Key& operator=(const HmacSha256Key&) = default;

  void set_key(std::span<const std::uint8_t> key) noexcept;

  void mac(std::string_view message, std::uint8_t out[32]) const noexcept;
  Sha256Digest mac(std::string_view message) const noexcept {
    Sha256Digest d;
    mac(message, d.data());
    return d;
  }

  // Streaming form: start an inner hash, feed it, then finish through the outer state.
  [[nodiscard]] Sha256 begin() const noexcept { return Sha256(inner_); }
  void finish(Sha256& inner, std::uint8_t out[32]) const noexcept;

  void wipe() noexcept;

 private:
  Sha256Midstate inner_;
  Sha256Midstate outer_;
};

// One-shot HMAC for keys used once (the first steps of the signing-key derivation).
void hmac_sha256(std::span<const std::uint8_t> key, std::string_view message, std::uint8_t out[32]) noexcept;

}  // namespace sigv4::crypto
