// Base64 (RFC 4648 section 4, with '=' padding) as S3 writes checksum values (x-amz-checksum-crc32:
// "yIv8rA=="), and the URL-safe alphabet without padding (RFC 4648 section 5) that EKS tokens use.
//
// Decoding is strict: a value S3 would refuse (a character outside the alphabet, missing or misplaced
// padding, non-zero bits in the unused part of the last character, whitespace) is refused here too, so
// a server never accepts two spellings of one checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4::crypto {

// Length of the padded standard encoding of n bytes: 4 * ceil(n / 3).
constexpr std::size_t base64_encoded_size(std::size_t n) noexcept { return (n + 2) / 3 * 4; }
// Length of the unpadded URL-safe encoding of n bytes.
constexpr std::size_t base64url_encoded_size(std::size_t n) noexcept {
  return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

// Standard alphabet with padding, appended to out.
void base64_append(std::span<const std::uint8_t> in, std::string& out);
std::string base64(std::span<const std::uint8_t> in);

// URL-safe alphabet ('-' and '_'), no padding, appended to out.
void base64url_append(std::span<const std::uint8_t> in, std::string& out);
std::string base64url(std::span<const std::uint8_t> in);

// Strict decoding of the padded standard form into out (replacing its contents). Returns false, with
// out emptied, for anything that is not the canonical encoding of some byte string.
[[nodiscard]] bool base64_decode(std::string_view text, std::vector<std::uint8_t>& out);
// Strict decoding of the unpadded URL-safe form ('=' is refused).
[[nodiscard]] bool base64url_decode(std::string_view text, std::vector<std::uint8_t>& out);

}  // namespace sigv4::crypto
