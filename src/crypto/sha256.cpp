// The SHA256_* functions are deprecated in OpenSSL 3 in favour of EVP, but remain supported and are
// the only allocation-free interface to the same assembly (see sha256.hpp for why we need that).
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "sigv4/crypto/sha256.hpp"

#include <cstring>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace sigv4::crypto {

Sha256::Sha256() noexcept { SHA256_Init(&ctx_); }

Sha256::Sha256(const Sha256Midstate& m) noexcept {
  SHA256_Init(&ctx_);
  for (int i = 0; i < 8; ++i) ctx_.h[i] = m.words[i];
  const std::uint64_t bits = m.bytes_hashed * 8;
  ctx_.Nl = static_cast<SHA_LONG>(bits & 0xffffffffu);
  ctx_.Nh = static_cast<SHA_LONG>(bits >> 32);
  ctx_.num = 0;
}

void Sha256::update(const void* data, std::size_t size) noexcept { SHA256_Update(&ctx_, data, size); }

void Sha256::finish(std::uint8_t out[32]) noexcept { SHA256_Final(out, &ctx_); }

void Sha256::reset() noexcept { SHA256_Init(&ctx_); }

Sha256Midstate Sha256::midstate() const noexcept {
  Sha256Midstate m;
  for (int i = 0; i < 8; ++i) m.words[i] = ctx_.h[i];
  m.bytes_hashed = ((static_cast<std::uint64_t>(ctx_.Nh) << 32) | ctx_.Nl) / 8;
  return m;
}

Sha256Digest sha256(std::string_view data) noexcept {
  Sha256 h;
  h.update(data);
  return h.finish();
}

}  // namespace sigv4::crypto
