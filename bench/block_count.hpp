// SHA-256 compression-block counts: the physical limit of a workload (issue 6) is its block count
// times the per-block cost of OpenSSL's bulk SHA-256 measured in the same run. Counts follow FIPS 180-4
// padding (message + 0x80 + 64-bit length, rounded up to 64 bytes) and RFC 2104 HMAC.
#pragma once

#include <cstddef>

namespace sigv4::bench {

// Blocks SHA-256 compresses for an n-byte message: ceil((n + 9) / 64).
constexpr std::size_t sha256_blocks(std::size_t n) noexcept { return (n + 9 + 63) / 64; }

// Blocks of one HMAC-SHA256 computed from the raw key: key hashing when it exceeds 64 bytes, the
// inner pad block + message, the outer pad block + the 32-byte inner digest.
constexpr std::size_t hmac_blocks(std::size_t key_size, std::size_t message_size) noexcept {
  return (key_size > 64 ? sha256_blocks(key_size) : 0) + sha256_blocks(64 + message_size) +
         sha256_blocks(64 + 32);
}

// Blocks of the same HMAC when the key's inner and outer pad states are precomputed (a cached key).
constexpr std::size_t hmac_blocks_precomputed(std::size_t message_size) noexcept {
  return hmac_blocks(32, message_size) - 2;
}

enum class KeyDerivation {
  cached,      // the signing key's HMAC states come from the cache
  every_time,  // kDate, kRegion, kService, kSigning derived for this signature
};

// Blocks of one SigV4 signature: hash of the canonical request, the HMAC of the string to sign, and
// the four key-derivation HMACs when the key is not cached.
constexpr std::size_t signature_blocks(std::size_t canonical_request_size, std::size_t string_to_sign_size,
                                       std::size_t secret_size, std::size_t region_size,
                                       std::size_t service_size, KeyDerivation derivation) noexcept {
  std::size_t blocks = sha256_blocks(canonical_request_size);
  if (derivation == KeyDerivation::cached) return blocks + hmac_blocks_precomputed(string_to_sign_size);
  blocks += hmac_blocks(4 + secret_size, 8);  // kDate = HMAC("AWS4" + secret, date)
  blocks += hmac_blocks(32, region_size);     // kRegion
  blocks += hmac_blocks(32, service_size);    // kService
  blocks += hmac_blocks(32, 12);              // kSigning = HMAC(kService, "aws4_request")
  return blocks + hmac_blocks(32, string_to_sign_size);
}

// The two counts of the W1 request in issue 6, as a check on the formulas above.
static_assert(signature_blocks(227, 133, 40, 9, 2, KeyDerivation::cached) == 8);
static_assert(signature_blocks(227, 133, 40, 9, 2, KeyDerivation::every_time) == 26);

}  // namespace sigv4::bench
