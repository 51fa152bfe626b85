#include "sigv4/crypto/hmac.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstring>

namespace sigv4::crypto {

void HmacSha256Key::set_key(std::span<const std::uint8_t> key) noexcept {
  std::array<std::uint8_t, 64> block{};
  if (key.size() > block.size()) {
    Sha256 h;
    h.update(key.data(), key.size());
    h.finish(block.data());
  } else if (!key.empty()) {
    std::memcpy(block.data(), key.data(), key.size());
  }
  std::array<std::uint8_t, 64> pad;
  for (std::size_t i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x36;
  Sha256 inner;
  inner.update(pad.data(), pad.size());
  inner_ = inner.midstate();
  for (std::size_t i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x5c;
  Sha256 outer;
  outer.update(pad.data(), pad.size());
  outer_ = outer.midstate();
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(pad.data(), pad.size());
}

void HmacSha256Key::finish(Sha256& inner, std::uint8_t out[32]) const noexcept {
  std::uint8_t inner_digest[32];
  inner.finish(inner_digest);
  Sha256 outer(outer_);
  outer.update(inner_digest, sizeof inner_digest);
  outer.finish(out);
}

void HmacSha256Key::mac(std::string_view message, std::uint8_t out[32]) const noexcept {
  Sha256 inner(inner_);
  inner.update(message);
  finish(inner, out);
}

void HmacSha256Key::wipe() noexcept {
  OPENSSL_cleanse(&inner_, sizeof inner_);
  OPENSSL_cleanse(&outer_, sizeof outer_);
}

void hmac_sha256(std::span<const std::uint8_t> key, std::string_view message, std::uint8_t out[32]) noexcept {
  HmacSha256Key k(key);
  k.mac(message, out);
}

}  // namespace sigv4::crypto
