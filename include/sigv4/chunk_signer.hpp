// Chunk and trailer signatures of aws-chunked uploads (S3 API Reference, "Transferring Payload in
// Multiple Chunks"): each signature is HMAC-SHA256(kSigning, string to sign) where
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
// A ChunkSigner holds the chain's state. It signs with the same SigningKey (precomputed HMAC states)
// the request signer uses, so a chunk costs the hash of its data plus about four SHA-256 blocks.
// It is used by both the encoder (sign) and the decoder (verify), and can be used on its own.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "sigv4/crypto/sha256.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

class ChunkSigner {
 public:
  // Starts a chain. `credential_scope` is "DATE/REGION/SERVICE/aws4_request", `seed_signature` the
  // 64 lower-case hex signature of the request. Throws sigv4::Error(invalid_argument) when the seed is
  // not 64 lower-case hex characters or the scope is empty or longer than 256 characters.
  ChunkSigner(const SigningKey& key, const SigningTime& time, std::string_view credential_scope,
              std::string_view seed_signature);

  // Client side: the chain of a request just signed by sign_request() (its signature, signing key and
  // credential scope; time must be the SigningScope::time it was signed with).
  static ChunkSigner from_seed(const SigningResult& seed, const SigningTime& time);

  // The signature the next chunk (or the trailer) chains from: the seed, then the last one produced.
  [[nodiscard]] std::string_view previous_signature() const noexcept { return {previous_.data(), 64}; }
  [[nodiscard]] std::string_view amz_date() const noexcept { return {date_.data(), 16}; }
  [[nodiscard]] std::string_view credential_scope() const noexcept { return {scope_.data(), scope_size_}; }

  // Signs the next chunk given the SHA-256 of its data (the caller hashes while it reads); writes 64
  // hex characters and advances the chain. The final chunk is sign_chunk(SHA256("")).
  void sign_chunk(const crypto::Sha256Digest& data_hash, char out[64]) noexcept;
  // Convenience: hashes data and returns the signature.
  std::string sign_chunk(std::string_view data);

  // Checks a received chunk signature in constant time. On success the chain advances; on failure it
  // does not (the stream is unusable from then on, so the caller stops).
  [[nodiscard]] bool verify_chunk(const crypto::Sha256Digest& data_hash, std::string_view received) noexcept;

  // Signs the canonical trailing headers ("x-amz-checksum-crc32c:sOO8/Q==\n"); advances the chain.
  void sign_trailer(std::string_view canonical_trailers, char out[64]) noexcept;
  [[nodiscard]] bool verify_trailer(std::string_view canonical_trailers, std::string_view received) noexcept;

  // The strings to sign, for debugging and for tests against other implementations.
  void chunk_string_to_sign(const crypto::Sha256Digest& data_hash, std::string& out) const;
  void trailer_string_to_sign(std::string_view canonical_trailers, std::string& out) const;

 private:
  std::size_t write_prefix(std::string_view algorithm, char* out) const noexcept;
  void compute_chunk(const crypto::Sha256Digest& data_hash, char out[64]) const noexcept;
  void compute_trailer(std::string_view canonical_trailers, char out[64]) const noexcept;

  SigningKey key_;
  std::array<char, 16> date_{};
  std::array<char, 256> scope_{};
  std::size_t scope_size_ = 0;
  std::array<char, 64> previous_{};
};

// Appends one trailing header in canonical form ("name:value\n", name lower-cased, value trimmed of
// spaces and tabs) to out: the input of the trailer signature.
void append_canonical_trailer(std::string& out, std::string_view name, std::string_view value);

}  // namespace sigv4
