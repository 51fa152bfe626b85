// The hexadecimal chunk-size at the start of a chunk line, shared by the aws-chunked decoder and the
// HTTP chunked transfer decoder (internal header).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/crypto/hex.hpp"

namespace sigv4::detail {

struct ChunkSize {
  enum class Status { ok, empty, overflow } status = Status::ok;
  std::uint64_t value = 0;
  std::size_t digits = 0;  // characters consumed; what follows is the extension (if any)
};

// Reads the leading hex digits of line (either case, leading zeros allowed). More than 16 significant
// digits is an overflow; no digit at all is empty.
inline ChunkSize parse_chunk_size(std::string_view line) noexcept {
  ChunkSize r;
  int significant = 0;
  for (; r.digits < line.size(); ++r.digits) {
    const int d = crypto::hex_digit_value(line[r.digits]);
    if (d < 0) break;
    if ((significant > 0 || d != 0) && ++significant > 16) {
      r.status = ChunkSize::Status::overflow;
      return r;
    }
    r.value = r.value << 4 | static_cast<std::uint64_t>(d);
  }
  if (r.digits == 0) r.status = ChunkSize::Status::empty;
  return r;
}

}  // namespace sigv4::detail
