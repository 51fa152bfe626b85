// The three CRCs S3 accepts as object checksums (x-amz-checksum-crc32, -crc32c, -crc64nvme), in the
// streaming form "crc = update(crc, piece)": start from 0, feed pieces in order, the result after the
// last piece is the checksum of their concatenation (the initial and final inversions are inside).
//
// - CRC-32 (ISO-HDLC, as zlib.crc32): reflected polynomial 0xEDB88320; check("123456789") = 0xCBF43926.
// - CRC-32C (Castagnoli, iSCSI): reflected polynomial 0x82F63B78; check = 0xE3069283.
// - CRC-64/NVME (the "crc64nvme" of S3, NVMe base spec 1.4 section 5.21.1.9.3): reflected polynomial
//   0x9A6C9329AC4BC9B5, init and xorout all ones; check = 0xAE8B14860A799888.
//
// CRC-32 and CRC-32C come from ISA-L (PCLMULQDQ folding, picked at run time for the CPU). CRC-64/NVME
// comes from ISA-L's crc64_rocksoft_refl when the installed ISA-L has it (2.31 and later); otherwise
// from our own carry-less-multiply folding (when the CPU has PCLMULQDQ and SSE4.1) or a slicing-by-8
// table fallback, both with constants computed at compile time from the polynomial.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sigv4::crypto {

std::uint32_t crc32_update(std::uint32_t crc, const void* data, std::size_t size) noexcept;
std::uint32_t crc32c_update(std::uint32_t crc, const void* data, std::size_t size) noexcept;
std::uint64_t crc64nvme_update(std::uint64_t crc, const void* data, std::size_t size) noexcept;

inline std::uint32_t crc32(std::string_view s) noexcept { return crc32_update(0, s.data(), s.size()); }
inline std::uint32_t crc32c(std::string_view s) noexcept { return crc32c_update(0, s.data(), s.size()); }
inline std::uint64_t crc64nvme(std::string_view s) noexcept {
  return crc64nvme_update(0, s.data(), s.size());
}

// Which CRC-64/NVME implementation crc64nvme_update uses on this machine: "isa-l", "pclmul" or "table".
std::string_view crc64nvme_implementation() noexcept;
// The portable implementation, always available (for tests that compare it with the fast one).
std::uint64_t crc64nvme_update_portable(std::uint64_t crc, const void* data, std::size_t size) noexcept;

}  // namespace sigv4::crypto
