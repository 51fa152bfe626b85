// The aws-chunked content encoding (S3 API Reference, "Signature Calculations for the Authorization
// Header: Transferring Payload in Multiple Chunks (Chunked Upload)" and "... with trailing headers").
// The body is framed as chunks "<hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n", ended by a
// zero-length chunk and, in the trailer modes, trailing headers (a checksum, then in the signed mode
// x-amz-trailer-signature). The request itself is signed like any other, with a literal in place of
// the payload hash; that signature seeds the chain of chunk signatures.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sigv4/settings.hpp"

namespace sigv4 {

// Which of the three aws-chunked variants of SigV4 (HMAC-SHA256) a body uses.
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
};

// The x-amz-content-sha256 literal of a mode ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", ...).
std::string_view chunked_mode_literal(ChunkedMode mode) noexcept;
// The signer's PayloadMode for the seed request of a mode.
PayloadMode chunked_payload_mode(ChunkedMode mode) noexcept;
// The mode for an x-amz-content-sha256 value (exact match); nullopt for any other value, including
// the SigV4a (ECDSA) streaming literals, which this library does not decode.
std::optional<ChunkedMode> chunked_mode_from_literal(std::string_view literal) noexcept;

[[nodiscard]] constexpr bool chunked_mode_has_chunk_signatures(ChunkedMode m) noexcept {
  return m != ChunkedMode::unsigned_payload_trailer;
}
[[nodiscard]] constexpr bool chunked_mode_has_trailers(ChunkedMode m) noexcept {
  return m != ChunkedMode::signed_payload;
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
// The first line of the string to sign of a chunk, and of the trailing headers.
inline constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kTrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";

}  // namespace sigv4
