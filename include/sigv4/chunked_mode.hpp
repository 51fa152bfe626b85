// The aws-chunked content encoding (S3 API Reference, "Signature Calculations for the Authorization
// Header: Transferring Payload in Multiple Chunks (Chunked Upload)" and "... with trailing headers").
// The body is framed as chunks "<hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n", ended by a
// zero-length chunk and, in the trailer modes, trailing headers (a checksum, then in the signed mode
// x-amz-trailer-signature). The request itself is signed like any other, with a literal in place of
// the payload hash; that signature seeds the chain of chunk signatures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sigv4/settings.hpp"

namespace sigv4 {

// Which aws-chunked variant a body uses: the three of SigV4 (HMAC-SHA256) and the two of SigV4a
// (ECDSA P-256), whose framing is the same but whose chunk signatures are ECDSA signatures.
enum class ChunkedMode {
  // STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk signed, chained from the request's signature,
  // no trailers. minio-go's signed PUT and multipart parts.
  signed_payload,
  // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks, then trailing headers signed by
  // x-amz-trailer-signature (chained from the final chunk's signature).
  signed_payload_trailer,
  // STREAMING-UNSIGNED-PAYLOAD-TRAILER: "<hex-size>\r\n" framing without signatures, integrity from
  // the trailing checksum alone. What the AWS SDKs (JS v3, botocore 2025+) send by default for streams.
  unsigned_payload_trailer,
  // STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD: signed_payload with SigV4a. Each chunk's string to sign
  // starts "AWS4-ECDSA-P256-SHA256-PAYLOAD" and chains from the previous ECDSA signature; on the wire a
  // signature is its DER hex right-padded with '*' to 144 characters, so every chunk header has the
  // same length whatever the DER length (aws-c-auth, the S3 CRT clients), and Content-Length can be
  // computed before signing.
  ecdsa_signed_payload,
  // STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER: signed_payload_trailer with SigV4a; the trailer
  // signature ("AWS4-ECDSA-P256-SHA256-TRAILER") is padded the same way.
  ecdsa_signed_payload_trailer,
};

// The x-amz-content-sha256 literal of a mode ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", ...).
std::string_view chunked_mode_literal(ChunkedMode mode) noexcept;
// The signer's PayloadMode for the seed request of a mode.
PayloadMode chunked_payload_mode(ChunkedMode mode) noexcept;
// The mode for an x-amz-content-sha256 value (exact match); nullopt for any other value.
std::optional<ChunkedMode> chunked_mode_from_literal(std::string_view literal) noexcept;

[[nodiscard]] constexpr bool chunked_mode_has_chunk_signatures(ChunkedMode m) noexcept {
  return m != ChunkedMode::unsigned_payload_trailer;
}
[[nodiscard]] constexpr bool chunked_mode_has_trailers(ChunkedMode m) noexcept {
  return m != ChunkedMode::signed_payload && m != ChunkedMode::ecdsa_signed_payload;
}
// The modes whose trailing headers end with x-amz-trailer-signature.
[[nodiscard]] constexpr bool chunked_mode_has_trailer_signature(ChunkedMode m) noexcept {
  return m == ChunkedMode::signed_payload_trailer || m == ChunkedMode::ecdsa_signed_payload_trailer;
}
// The algorithm of the chunk signatures (and so of the request's seed signature) in a signed mode.
// The unsigned-trailer mode has no chunk signatures; its request may be signed with either algorithm
// (this returns hmac_sha256 for it).
[[nodiscard]] constexpr SigningAlgorithm chunked_mode_algorithm(ChunkedMode m) noexcept {
  return m == ChunkedMode::ecdsa_signed_payload || m == ChunkedMode::ecdsa_signed_payload_trailer
             ? SigningAlgorithm::ecdsa_p256_sha256
             : SigningAlgorithm::hmac_sha256;
}

// S3's rule for signed chunks: every chunk but the last carries at least 8 KiB of data.
inline constexpr std::size_t kMinimumChunkSize = std::size_t{8} * 1024;
// The chunk size the encoder uses unless told otherwise (what minio-go and the JS SDK's file streams send).
inline constexpr std::size_t kDefaultChunkSize = std::size_t{64} * 1024;

// Header names of the aws-chunked encoding.
inline constexpr std::string_view kDecodedContentLengthHeader = "x-amz-decoded-content-length";
inline constexpr std::string_view kTrailerHeader = "x-amz-trailer";
inline constexpr std::string_view kTrailerSignatureName = "x-amz-trailer-signature";
inline constexpr std::string_view kAwsChunkedEncoding = "aws-chunked";
// The signed mode of the same framing for another algorithm (signed_payload <-> ecdsa_signed_payload,
// signed_payload_trailer <-> ecdsa_signed_payload_trailer); unsigned_payload_trailer is returned as is.
// Lets a caller pick the framing once and follow the request's SigningSettings::algorithm.
[[nodiscard]] constexpr ChunkedMode chunked_mode_for(ChunkedMode m, SigningAlgorithm algorithm) noexcept {
  const bool ecdsa = algorithm == SigningAlgorithm::ecdsa_p256_sha256;
  switch (m) {
    case ChunkedMode::signed_payload:
    case ChunkedMode::ecdsa_signed_payload:
      return ecdsa ? ChunkedMode::ecdsa_signed_payload : ChunkedMode::signed_payload;
    case ChunkedMode::signed_payload_trailer:
    case ChunkedMode::ecdsa_signed_payload_trailer:
      return ecdsa ? ChunkedMode::ecdsa_signed_payload_trailer : ChunkedMode::signed_payload_trailer;
    case ChunkedMode::unsigned_payload_trailer:
      break;
  }
  return m;
}

// The first line of the string to sign of a chunk, and of the trailing headers: SigV4, then SigV4a.
inline constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kTrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";
inline constexpr std::string_view kEcdsaChunkAlgorithm = "AWS4-ECDSA-P256-SHA256-PAYLOAD";
inline constexpr std::string_view kEcdsaTrailerAlgorithm = "AWS4-ECDSA-P256-SHA256-TRAILER";
// Wire length of a SigV4a chunk or trailer signature: the longest DER P-256 signature (72 bytes) in hex;
// shorter ones are right-padded with kEcdsaSignaturePadding (aws-c-auth's rule, followed by S3).
inline constexpr std::size_t kEcdsaWireSignatureLength = 144;
inline constexpr char kEcdsaSignaturePadding = '*';

}  // namespace sigv4
