// Chunk and trailer signatures of aws-chunked uploads (S3 API Reference, "Transferring Payload in
// Multiple Chunks"). SigV4: each signature is HMAC-SHA256(kSigning, string to sign) where
//
//   chunk:    "AWS4-HMAC-SHA256-PAYLOAD\n" DATE "\n" SCOPE "\n" PREVIOUS-SIGNATURE "\n"
//             hex(SHA256("")) "\n" hex(SHA256(chunk data))
//   trailer:  "AWS4-HMAC-SHA256-TRAILER\n" DATE "\n" SCOPE "\n" PREVIOUS-SIGNATURE "\n"
//             hex(SHA256(canonical trailing headers))
//
// PREVIOUS-SIGNATURE is the request's (seed) signature for the first chunk, then the signature of the
// chunk before; the final zero-length chunk is signed like any other (hash of the empty string), and
// the trailer signature chains from it. The canonical trailing headers are "name:value\n" per trailer,
// name lower-case, value trimmed, in the order sent, x-amz-trailer-signature excluded.
//
// SigV4a (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER], as aws-c-auth signs them): the same
// strings with "AWS4-ECDSA-P256-SHA256-PAYLOAD" / "AWS4-ECDSA-P256-SHA256-TRAILER" as first line and
// the SigV4a scope (DATE/SERVICE/aws4_request); the signature is a randomised DER ECDSA P-256
// signature of SHA-256(string to sign), in hex, right-padded with '*' to 144 characters on the wire.
// PREVIOUS-SIGNATURE is the previous signature without its padding. Because signatures are
// randomised, a receiver cannot recompute them: it verifies each with the sender's public key.
//
// A ChunkSigner holds the chain's state. With HMAC it signs with the same SigningKey (precomputed HMAC
// states) the request signer uses, so a chunk costs the hash of its data plus about four SHA-256
// blocks; with ECDSA a chunk costs one P-256 signature (or verification), about 30 (60) microseconds.
// It is used by both the encoder (sign) and the decoder (verify), and can be used on its own.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "sigv4/chunked_mode.hpp"
#include "sigv4/crypto/ecdsa_p256.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

// The longest signature a chunk header or x-amz-trailer-signature carries (SigV4a's padded 144).
inline constexpr std::size_t kMaxChunkSignatureLength = 144;

class ChunkSigner {
 public:
  // Starts a SigV4 chain. `credential_scope` is "DATE/REGION/SERVICE/aws4_request", `seed_signature`
  // the 64 lower-case hex signature of the request. Throws sigv4::Error(invalid_argument) when the
  // seed is not 64 lower-case hex characters or the scope is empty or longer than 256 characters.
  ChunkSigner(const SigningKey& key, const SigningTime& time, std::string_view credential_scope,
              std::string_view seed_signature);
  // Starts a SigV4a chain that signs (and can verify): `credential_scope` is "DATE/SERVICE/aws4_request",
  // `seed_signature` the request's SigV4a signature (DER hex, 16 to 144 lower-case hex digits, even;
  // '*' padding allowed and dropped). Throws sigv4::Error(invalid_argument) on a malformed seed or scope
  // and when the key is empty.
  ChunkSigner(const Sigv4aSigningKey& key, const SigningTime& time, std::string_view credential_scope,
              std::string_view seed_signature);
  // Starts a SigV4a chain that only verifies (a server holding the sender's public key). Throws like
  // the constructor above; sign_chunk()/sign_trailer() on it throw sigv4::Error(invalid_argument).
  ChunkSigner(const crypto::EcdsaP256PublicKey& key, const SigningTime& time, std::string_view credential_scope,
              std::string_view seed_signature);

  // Client side: the chain of a request just signed by sign_request() (its signature, signing key and
  // credential scope; time must be the SigningScope::time it was signed with). SigV4 only: a SigV4a
  // result carries no key, so it throws sigv4::Error(invalid_argument); use the overload below.
  static ChunkSigner from_seed(const SigningResult& seed, const SigningTime& time);
  // Client side, SigV4a: the chain of a request signed with SigningAlgorithm::ecdsa_p256_sha256 by the
  // credentials `key` was derived from.
  static ChunkSigner from_seed(const SigningResult& seed, const SigningTime& time, const Sigv4aSigningKey& key);

  [[nodiscard]] SigningAlgorithm algorithm() const noexcept { return algorithm_; }
  // Characters of a signature as written on the wire: 64 (SigV4) or 144 (SigV4a, padded).
  [[nodiscard]] std::size_t wire_signature_length() const noexcept {
    return algorithm_ == SigningAlgorithm::hmac_sha256 ? 64 : kEcdsaWireSignatureLength;
  }
  // Whether `s` has the wire form of this chain's signatures: 64 lower-case hex (SigV4), or an even
  // number (16 to 144) of lower-case hex digits followed by '*' up to at most 144 characters (SigV4a;
  // unpadded is accepted too). Says nothing about whether it is valid.
  [[nodiscard]] bool is_wire_signature(std::string_view s) const noexcept;

  // The signature the next chunk (or the trailer) chains from, without padding: the seed, then the last
  // one produced or verified.
  [[nodiscard]] std::string_view previous_signature() const noexcept { return {previous_.data(), previous_size_}; }
  [[nodiscard]] std::string_view amz_date() const noexcept { return {date_.data(), 16}; }
  [[nodiscard]] std::string_view credential_scope() const noexcept { return {scope_.data(), scope_size_}; }

  // Signs the next chunk given the SHA-256 of its data (the caller hashes while it reads); writes
  // wire_signature_length() characters to out and advances the chain. The final chunk is
  // sign_chunk(SHA256("")). SigV4 never throws; SigV4a throws sigv4::Error(invalid_argument) on a
  // verify-only chain (and if OpenSSL fails to sign).
  void sign_chunk(const crypto::Sha256Digest& data_hash, char* out);
  // Convenience: hashes data and returns the signature (wire form).
  std::string sign_chunk(std::string_view data);

  // Checks a received chunk signature (wire form): SigV4 recomputes it and compares in constant time;
  // SigV4a verifies the ECDSA signature with the public key (a signature is not secret-derived data
  // that could leak through timing, and it cannot be recomputed). On success the chain advances; on
  // failure it does not (the stream is unusable from then on, so the caller stops).
  [[nodiscard]] bool verify_chunk(const crypto::Sha256Digest& data_hash, std::string_view received) noexcept;

  // Signs the canonical trailing headers ("x-amz-checksum-crc32c:sOO8/Q==\n"); advances the chain.
  // Writes wire_signature_length() characters; throws like sign_chunk().
  void sign_trailer(std::string_view canonical_trailers, char* out);
  [[nodiscard]] bool verify_trailer(std::string_view canonical_trailers, std::string_view received) noexcept;

  // The strings to sign, for debugging and for tests against other implementations.
  void chunk_string_to_sign(const crypto::Sha256Digest& data_hash, std::string& out) const;
  void trailer_string_to_sign(std::string_view canonical_trailers, std::string& out) const;

 private:
  void start(const SigningTime& time, std::string_view credential_scope, std::string_view seed_signature);
  std::size_t write_prefix(std::string_view algorithm, char* out) const noexcept;
  std::size_t chunk_sts(const crypto::Sha256Digest& data_hash, char* out) const noexcept;
  std::size_t trailer_sts(std::string_view canonical_trailers, char* out) const noexcept;
  void sign_sts(std::string_view string_to_sign, char* out);
  bool verify_sts(std::string_view string_to_sign, std::string_view received) noexcept;

  SigningAlgorithm algorithm_ = SigningAlgorithm::hmac_sha256;
  SigningKey key_;                             // SigV4
  std::optional<Sigv4aSigningKey> ecdsa_key_;  // SigV4a, signing chains
  crypto::EcdsaP256PublicKey ecdsa_public_;    // SigV4a, both
  std::array<char, 16> date_{};
  std::array<char, 256> scope_{};
  std::size_t scope_size_ = 0;
  std::array<char, kMaxChunkSignatureLength> previous_{};
  std::size_t previous_size_ = 0;
};

// Appends one trailing header in canonical form ("name:value\n", name lower-cased, value trimmed of
// spaces and tabs) to out: the input of the trailer signature.
void append_canonical_trailer(std::string& out, std::string_view name, std::string_view value);

}  // namespace sigv4
