#include "sigv4/chunked_error.hpp"

namespace sigv4 {

std::string_view to_string(ChunkedError e) noexcept {
  switch (e) {
    case ChunkedError::none:
      return "none";
    case ChunkedError::invalid_config:
      return "invalid_config";
    case ChunkedError::chunk_size_invalid:
      return "chunk_size_invalid";
    case ChunkedError::chunk_size_overflow:
      return "chunk_size_overflow";
    case ChunkedError::chunk_too_large:
      return "chunk_too_large";
    case ChunkedError::chunk_too_small:
      return "chunk_too_small";
    case ChunkedError::chunk_header_too_long:
      return "chunk_header_too_long";
    case ChunkedError::malformed_chunk_header:
      return "malformed_chunk_header";
    case ChunkedError::missing_crlf:
      return "missing_crlf";
    case ChunkedError::truncated_body:
      return "truncated_body";
    case ChunkedError::extra_bytes:
      return "extra_bytes";
    case ChunkedError::decoded_length_mismatch:
      return "decoded_length_mismatch";
    case ChunkedError::chunk_signature_mismatch:
      return "chunk_signature_mismatch";
    case ChunkedError::final_signature_mismatch:
      return "final_signature_mismatch";
    case ChunkedError::trailer_line_too_long:
      return "trailer_line_too_long";
    case ChunkedError::too_many_trailers:
      return "too_many_trailers";
    case ChunkedError::malformed_trailer:
      return "malformed_trailer";
    case ChunkedError::missing_trailer:
      return "missing_trailer";
    case ChunkedError::missing_trailer_signature:
      return "missing_trailer_signature";
    case ChunkedError::trailer_signature_mismatch:
      return "trailer_signature_mismatch";
    case ChunkedError::checksum_mismatch:
      return "checksum_mismatch";
  }
  return "unknown";
}

std::string_view s3_error_code(ChunkedError e) noexcept {
  switch (e) {
    case ChunkedError::none:
      return "";
    case ChunkedError::invalid_config:
      return "InternalError";
    case ChunkedError::chunk_size_invalid:
    case ChunkedError::chunk_size_overflow:
    case ChunkedError::chunk_too_large:
    case ChunkedError::chunk_too_small:
    case ChunkedError::chunk_header_too_long:
    case ChunkedError::malformed_chunk_header:
      return "InvalidChunkSizeError";
    case ChunkedError::missing_crlf:
    case ChunkedError::truncated_body:
    case ChunkedError::extra_bytes:
    case ChunkedError::decoded_length_mismatch:
      return "IncompleteBody";
    case ChunkedError::chunk_signature_mismatch:
    case ChunkedError::final_signature_mismatch:
    case ChunkedError::trailer_signature_mismatch:
      return "SignatureDoesNotMatch";
    case ChunkedError::trailer_line_too_long:
    case ChunkedError::too_many_trailers:
    case ChunkedError::malformed_trailer:
    case ChunkedError::missing_trailer:
    case ChunkedError::missing_trailer_signature:
      return "MalformedTrailerError";
    case ChunkedError::checksum_mismatch:
      return "BadDigest";
  }
  return "InternalError";
}

int s3_http_status(ChunkedError e) noexcept {
  if (e == ChunkedError::none) return 200;
  const std::string_view code = s3_error_code(e);
  if (code == "SignatureDoesNotMatch") return 403;
  if (code == "InternalError") return 500;
  return 400;
}

}  // namespace sigv4
