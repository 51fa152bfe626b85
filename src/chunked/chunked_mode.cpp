#include "sigv4/chunked_mode.hpp"

namespace sigv4 {

PayloadMode chunked_payload_mode(ChunkedMode mode) noexcept {
  switch (mode) {
    case ChunkedMode::signed_payload:
      return PayloadMode::streaming_signed;
    case ChunkedMode::signed_payload_trailer:
      return PayloadMode::streaming_signed_trailer;
    case ChunkedMode::unsigned_payload_trailer:
      return PayloadMode::streaming_unsigned_trailer;
    case ChunkedMode::ecdsa_signed_payload:
      return PayloadMode::streaming_ecdsa_signed;
    case ChunkedMode::ecdsa_signed_payload_trailer:
      return PayloadMode::streaming_ecdsa_signed_trailer;
  }
  return PayloadMode::streaming_signed;
}

std::string_view chunked_mode_literal(ChunkedMode mode) noexcept {
  return payload_literal(chunked_payload_mode(mode));
}

std::optional<ChunkedMode> chunked_mode_from_literal(std::string_view literal) noexcept {
  for (ChunkedMode m : {ChunkedMode::signed_payload, ChunkedMode::signed_payload_trailer,
                        ChunkedMode::unsigned_payload_trailer, ChunkedMode::ecdsa_signed_payload,
                        ChunkedMode::ecdsa_signed_payload_trailer})
    if (literal == chunked_mode_literal(m)) return m;
  return std::nullopt;
}

}  // namespace sigv4
