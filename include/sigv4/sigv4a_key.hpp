// The SigV4a signing key: an ECDSA P-256 key pair derived from the secret access key, and its cache.
//
// SigV4a (algorithm "AWS4-ECDSA-P256-SHA256") signs with one key that is valid for a set of regions
// (multi-region access points, CloudFront KeyValueStore, ...), so, unlike the SigV4 key, it does not
// depend on the date, region or service: only on the access key id and the secret.
//
// Derivation (NIST SP 800-108 KDF in counter mode, HMAC-SHA256 PRF, one 256-bit block), as AWS
// specifies it and aws-c-auth implements it:
//   K_in      = "AWS4A" || secret_access_key
//   input(c)  = 0x00000001 || "AWS4-ECDSA-P256-SHA256" || 0x00 || access_key_id || c (one byte)
//               || 0x00000100                      (the block counter i=1, Label, 0x00, Context, L=256)
//   candidate = HMAC-SHA256(K_in, input(c)) as a big-endian integer, for c = 1, 2, ..., 254
//   the first candidate <= n-2 (n the P-256 group order) gives the private key d = candidate + 1,
//   so d lies in [1, n-1]; the public key is d*G.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/crypto/ecdsa_p256.hpp"

namespace sigv4 {

inline constexpr std::string_view kAlgorithmEcdsaP256Sha256 = "AWS4-ECDSA-P256-SHA256";

class Sigv4aSigningKey {
 public:
  Sigv4aSigningKey() = default;

  // Runs the KDF above. Throws sigv4::Error(invalid_credentials) for an empty access key id or secret,
  // and Error(invalid_argument) if no counter in 1..254 gives a usable candidate (probability about
  // 2^-8000: it does not happen, but the rule says to stop there).
  static Sigv4aSigningKey derive(std::string_view access_key_id, std::string_view secret_access_key);

  [[nodiscard]] const crypto::EcdsaP256PublicKey& public_key() const noexcept { return key_.public_key(); }

  // The SigV4a signature of a string to sign: the DER ECDSA P-256 signature of SHA-256(string_to_sign)
  // as lower-case hex (140-144 characters), randomised (a fresh nonce each call). Replaces out.
  void sign_hex(std::string_view string_to_sign, std::string& out) const;
  [[nodiscard]] std::string sign_hex(std::string_view string_to_sign) const {
    std::string s;
    sign_hex(string_to_sign, s);
    return s;
  }

 private:
  crypto::EcdsaP256PrivateKey key_;
};

// One step of the KDF, exposed so the boundary rule can be tested: the private scalar for a
// candidate (candidate + 1 when candidate <= n-2), or nullopt when the candidate exceeds n-2 and the
// next counter must be tried. The comparison and the addition use OpenSSL's BIGNUMs.
std::optional<std::array<std::uint8_t, 32>> sigv4a_scalar_from_candidate(const std::array<std::uint8_t, 32>& candidate);

// The KDF's HMAC input for one counter value (see above); for tests and independent re-implementations.
std::vector<std::uint8_t> sigv4a_kdf_fixed_input(std::string_view access_key_id, std::uint8_t counter);

// Returns the SigV4a key for (access key id, secret), deriving it on a miss (one HMAC and one P-256
// scalar multiplication, about 50 microseconds).
//
// Thread-safe without locks: each thread keeps its own small direct-mapped table (16 entries); a hit
// copies the key (an atomic reference-count increment). Secrets in the table are zeroed when replaced
// and when the thread exits. Throws like Sigv4aSigningKey::derive.
Sigv4aSigningKey cached_sigv4a_signing_key(std::string_view access_key_id, std::string_view secret_access_key);

// The public key a server needs to verify SigV4a signatures of a stored (access key id, secret)
// (from the same cache). Throws like Sigv4aSigningKey::derive.
crypto::EcdsaP256PublicKey sigv4a_public_key(std::string_view access_key_id, std::string_view secret_access_key);

// Zeroes and empties the calling thread's SigV4a key cache (e.g. after rotating credentials).
void clear_sigv4a_signing_key_cache() noexcept;

}  // namespace sigv4
