// Why an aws-chunked body was refused. Each reason is its own code so a server can log exactly what
// went wrong, and each maps to the S3 error a real S3 endpoint answers with.
#pragma once

#include <cstdint>
#include <string_view>

namespace sigv4 {

enum class ChunkedError : std::uint8_t {
  none = 0,
  invalid_config,              // decoder set up inconsistently (signed mode without a ChunkSigner, ...)
  chunk_size_invalid,          // chunk size empty or not hexadecimal
  chunk_size_overflow,         // chunk size does not fit in 64 bits
  chunk_too_large,             // chunk size above ChunkedDecoderLimits::max_chunk_size
  chunk_too_small,             // a signed chunk other than the last under 8 KiB (ChunkSizeRule::s3_minimum)
  chunk_header_too_long,       // chunk header line above ChunkedDecoderLimits::max_line_length
  malformed_chunk_header,      // missing/garbled ";chunk-signature=" (signed) or any extension (unsigned)
  missing_crlf,                // chunk data or a line not followed by CRLF
  truncated_body,              // the input ended (finish()) before the end of the encoding
  extra_bytes,                 // bytes after the end of the encoding
  decoded_length_mismatch,     // decoded total differs from x-amz-decoded-content-length
  chunk_signature_mismatch,    // a data chunk's signature is wrong (ChunkedDecoder::chunk_index() says which)
  final_signature_mismatch,    // the zero-length final chunk's signature is wrong
  trailer_line_too_long,       // trailing header line above max_line_length
  too_many_trailers,           // more trailing headers than ChunkedDecoderLimits::max_trailers
  malformed_trailer,           // trailer syntax, an undeclared or repeated trailer, a checksum not base64
  missing_trailer,             // a trailer declared in x-amz-trailer never came
  missing_trailer_signature,   // signed-trailer mode without x-amz-trailer-signature (or not last)
  trailer_signature_mismatch,  // x-amz-trailer-signature is wrong
  checksum_mismatch,           // the checksum (trailer or x-amz-checksum-* header) differs from the data
};

// "chunk_signature_mismatch", ...
std::string_view to_string(ChunkedError error) noexcept;
// The S3 error code a server should answer with:
//   SignatureDoesNotMatch (403): chunk, final and trailer signature mismatches;
//   IncompleteBody (400): truncated_body, decoded_length_mismatch, missing_crlf, extra_bytes;
//   InvalidChunkSizeError (400): chunk size invalid, overflowing, too large or too small, chunk header
//     malformed or too long;
//   BadDigest (400): checksum_mismatch (S3 words it "The CRC32 you specified did not match the
//     calculated checksum"; some S3 implementations say XAmzContentChecksumMismatch);
//   MalformedTrailerError (400): every trailer error except the signature;
//   InternalError (500): invalid_config (a server bug, not the client's fault).
std::string_view s3_error_code(ChunkedError error) noexcept;
// The HTTP status that goes with s3_error_code(): 403, 400 or 500 (200 for none).
int s3_http_status(ChunkedError error) noexcept;

}  // namespace sigv4
