// SHA-256 on top of OpenSSL's libcrypto block function (SHA-NI/AVX2 where the CPU has them).
//
// Why the low-level SHA256_* interface and not EVP: EVP_Digest* costs a context allocation and
// a provider dispatch per call (hundreds of nanoseconds), which is several times the cost of the
// 8 compression blocks a cached SigV4 signature needs. The block function underneath is the same.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include <openssl/sha.h>

namespace sigv4::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;

// The eight 32-bit chaining words after a whole number of 64-byte blocks; enough to resume a hash
// (used for the precomputed HMAC inner/outer states).
struct Sha256Midstate {
  std::array<std::uint32_t, 8> words{};
  std::uint64_t bytes_hashed = 0;  // always a multiple of 64
};

class Sha256 {
 public:
  Sha256() noexcept;
  explicit Sha256(const Sha256Midstate& resume_from) noexcept;

  void update(const void* data, std::size_t size) noexcept;
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  void update(std::span<const std::byte> s) noexcept { update(s.data(), s.size()); }

  // Writes the digest; the object must be reset() before reuse.
  void finish(std::uint8_t out[32]) noexcept;
  Sha256Digest finish() noexcept {
    Sha256Digest d;
    finish(d.data());
    return d;
  }
  void reset() noexcept;

  // Only valid when the bytes hashed so far are a multiple of 64.
  [[nodiscard]] Sha256Midstate midstate() const noexcept;

 private:
  SHA256_CTX ctx_;
};

Sha256Digest sha256(std::string_view data) noexcept;

// Hex of SHA-256("") — the payload hash of every empty body.
inline constexpr std::string_view kEmptySha256Hex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace sigv4::crypto
