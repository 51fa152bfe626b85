// CRC-32 and CRC-32C through ISA-L, which picks a PCLMULQDQ/AVX-512 folding kernel for the CPU at
// run time. ISA-L's crc32_iscsi takes an int length and no inversions; both are handled here.
#include <isa-l/crc.h>

#include <climits>
#include <cstddef>
#include <cstdint>

#include "sigv4/crypto/crc.hpp"
#include "vector_state.hpp"

namespace sigv4::crypto {
namespace {
// Keeps every call within ISA-L's int length parameter.
constexpr std::size_t kMaxPiece = std::size_t{1} << 30;
}  // namespace

std::uint32_t crc32_update(std::uint32_t crc, const void* data, std::size_t size) noexcept {
  // crc32_gzip_refl applies the initial and final inversions itself (zlib.crc32 semantics).
  const std::uint32_t out = crc32_gzip_refl(crc, static_cast<const unsigned char*>(data), size);
  detail::clear_upper_vector_state();  // see vector_state.hpp
  return out;
}

std::uint32_t crc32c_update(std::uint32_t crc, const void* data, std::size_t size) noexcept {
  auto* p = static_cast<unsigned char*>(const_cast<void*>(data));  // ISA-L's signature lacks const
  std::uint32_t reg = ~crc;
  while (size > 0) {
    const std::size_t n = size < kMaxPiece ? size : kMaxPiece;
    reg = crc32_iscsi(p, static_cast<int>(n), reg);
    p += n;
    size -= n;
  }
  detail::clear_upper_vector_state();  // see vector_state.hpp
  return ~reg;
}

}  // namespace sigv4::crypto
