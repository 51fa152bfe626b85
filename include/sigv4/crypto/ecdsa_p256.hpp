// ECDSA over NIST P-256 with SHA-256 (FIPS 186-4), the curve and hash of SigV4a
// ("AWS4-ECDSA-P256-SHA256"). All curve arithmetic is OpenSSL's (EVP and EC_POINT APIs).
//
// Keys are immutable once built and share one OpenSSL object between copies (copying is a reference
// count increment), so a key can be cached and used from many threads at once.
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4::crypto {

// A P-256 public key: verifies signatures and exports the point.
class EcdsaP256PublicKey {
 public:
  // An empty key: valid() is false and verify() returns false.
  EcdsaP256PublicKey() = default;

  // From a SEC 1 encoded point: 65 bytes 0x04 || X || Y, or 33 bytes 0x02/0x03 || X (compressed).
  // Returns nullopt for any other length or prefix, and for a point that is not on the curve.
  static std::optional<EcdsaP256PublicKey> from_sec1(std::span<const std::uint8_t> point);
  // From the affine coordinates as 64 hex digits each (either case), e.g. a suite's public-key.json.
  // Returns nullopt for bad hex or a point not on the curve.
  static std::optional<EcdsaP256PublicKey> from_xy_hex(std::string_view x_hex, std::string_view y_hex);

  [[nodiscard]] bool valid() const noexcept { return key_ != nullptr; }

  // 0x04 || X || Y (65 bytes). An empty key gives 65 zero bytes.
  [[nodiscard]] const std::array<std::uint8_t, 65>& sec1_uncompressed() const noexcept { return point_; }
  // The affine coordinates as 64 lower-case hex digits each.
  [[nodiscard]] std::string x_hex() const;
  [[nodiscard]] std::string y_hex() const;
  // SubjectPublicKeyInfo in PEM ("-----BEGIN PUBLIC KEY-----"), for openssl(1) and other tools.
  [[nodiscard]] std::string pem() const;

  // True when der_signature is a valid DER-encoded ECDSA signature (SEQUENCE of r, s) of
  // SHA-256(message) under this key. Malformed DER, trailing bytes, r or s out of range, and an empty
  // key all give false; never throws.
  [[nodiscard]] bool verify_sha256(std::string_view message, std::span<const std::uint8_t> der_signature) const noexcept;
  // Same, with the signature as hex (either case). Odd length or non-hex characters give false.
  [[nodiscard]] bool verify_sha256_hex(std::string_view message, std::string_view signature_hex) const noexcept;
  // Same as verify_sha256, for a digest the caller already computed.
  [[nodiscard]] bool verify_digest(std::span<const std::uint8_t, 32> digest,
                                   std::span<const std::uint8_t> der_signature) const noexcept;

  friend bool operator==(const EcdsaP256PublicKey& a, const EcdsaP256PublicKey& b) noexcept {
    return a.point_ == b.point_;
  }

 private:
  friend class EcdsaP256PrivateKey;
  std::shared_ptr<EVP_PKEY> key_;
  std::array<std::uint8_t, 65> point_{};
};

// A P-256 private key (a scalar d in [1, n-1]) and its public key d*G.
class EcdsaP256PrivateKey {
 public:
  EcdsaP256PrivateKey() = default;

  // From the 32-byte big-endian scalar. Returns nullopt when d is 0 or not below the group order n.
  // The caller should wipe its copy of the scalar afterwards; this object keeps it only inside
  // OpenSSL, which zeroes it when the last copy of the key is destroyed.
  static std::optional<EcdsaP256PrivateKey> from_scalar(std::span<const std::uint8_t, 32> scalar);

  [[nodiscard]] bool valid() const noexcept { return key_ != nullptr; }
  [[nodiscard]] const EcdsaP256PublicKey& public_key() const noexcept { return public_; }

  // DER-encoded ECDSA signature (at most 72 bytes) of SHA-256(message), with a fresh random nonce
  // from OpenSSL's DRBG, so two signatures of one message differ. Replaces the content of out.
  // Throws sigv4::Error(invalid_argument) on an empty key, or if OpenSSL fails (out of memory).
  void sign_sha256(std::string_view message, std::vector<std::uint8_t>& out) const;
  // Same, for a digest the caller already computed.
  void sign_digest(std::span<const std::uint8_t, 32> digest, std::vector<std::uint8_t>& out) const;
  // The signature as lower-case hex (140 to 144 characters), replacing the content of out.
  void sign_sha256_hex(std::string_view message, std::string& out) const;

 private:
  std::shared_ptr<EVP_PKEY> key_;
  EcdsaP256PublicKey public_;
};

}  // namespace sigv4::crypto
