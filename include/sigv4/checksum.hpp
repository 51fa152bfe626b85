// S3 object checksums (S3 User Guide, "Checking object integrity"): CRC32, CRC32C, CRC64NVME, SHA1,
// SHA256, each sent base64-encoded in a header or trailer named x-amz-checksum-<algorithm>
// (x-amz-checksum-crc32: "yIv8rA=="). The CRCs are written big-endian before encoding, as S3 does.
//
// A Checksum is computed incrementally, so an upload is checksummed while it streams (one pass over
// the bytes, no buffering).
#pragma once

#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sigv4/crypto/sha256.hpp"

namespace sigv4 {

enum class ChecksumAlgorithm { crc32, crc32c, crc64nvme, sha1, sha256 };

// "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256": the value of x-amz-sdk-checksum-algorithm and
// x-amz-checksum-algorithm.
std::string_view checksum_algorithm_name(ChecksumAlgorithm algorithm) noexcept;
// "x-amz-checksum-crc32", ...: the header or trailer that carries the value (lower case).
std::string_view checksum_header_name(ChecksumAlgorithm algorithm) noexcept;
// Digest size in bytes: 4, 4, 8, 20, 32.
std::size_t checksum_size(ChecksumAlgorithm algorithm) noexcept;
// Parses an algorithm name ("crc32c", any case); nullopt for anything else.
std::optional<ChecksumAlgorithm> parse_checksum_algorithm(std::string_view name) noexcept;
// Parses a header name ("X-Amz-Checksum-Crc32C", any case); nullopt when it is not a checksum header.
std::optional<ChecksumAlgorithm> checksum_algorithm_from_header(std::string_view header_name) noexcept;

// A finished checksum: the raw digest (big-endian for the CRCs).
struct ChecksumValue {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::crc32;
  std::array<std::uint8_t, 32> bytes{};
  std::size_t size = 0;

  [[nodiscard]] std::span<const std::uint8_t> digest() const noexcept { return {bytes.data(), size}; }
  // The form S3 sends and expects: standard base64 with padding.
  [[nodiscard]] std::string base64() const;
  // Strict parse of a base64 value for this algorithm; nullopt when it is not valid base64 or has the
  // wrong length for the algorithm.
  static std::optional<ChecksumValue> from_base64(ChecksumAlgorithm algorithm, std::string_view text);
  friend bool operator==(const ChecksumValue& a, const ChecksumValue& b) noexcept;
};

// Incremental checksum. update() any number of times, then finish(); reset() to start over.
class Checksum {
 public:
  explicit Checksum(ChecksumAlgorithm algorithm) noexcept;

  void update(const void* data, std::size_t size) noexcept;
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  void update(std::span<const std::byte> s) noexcept { update(s.data(), s.size()); }
  // The checksum of everything fed since construction or reset(). Does not change the state, so it
  // may be called at any point (e.g. a checksum per part and one for the whole).
  [[nodiscard]] ChecksumValue value() const noexcept;
  void reset() noexcept;

  [[nodiscard]] ChecksumAlgorithm algorithm() const noexcept { return algorithm_; }

 private:
  ChecksumAlgorithm algorithm_;
  std::uint64_t crc_ = 0;
  crypto::Sha256 sha256_;
  SHA_CTX sha1_{};
};

// One-shot convenience: checksum of a whole buffer.
ChecksumValue compute_checksum(ChecksumAlgorithm algorithm, std::string_view data) noexcept;

}  // namespace sigv4
