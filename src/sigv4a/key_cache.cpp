// The per-thread SigV4a key cache (see sigv4/sigv4a_key.hpp): keyed by (access key id, secret), the
// only inputs of the SigV4a key derivation.
#include <openssl/crypto.h>

#include <array>
#include <string>

#include "sigv4/sigv4a_key.hpp"

namespace sigv4 {
namespace {

struct CacheEntry {
  bool used = false;
  std::string access_key_id;
  std::string secret;
  Sigv4aSigningKey key;

  void wipe() noexcept {
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
    access_key_id.clear();
    used = false;
    key = Sigv4aSigningKey();  // drops this thread's reference; OpenSSL zeroes the scalar on the last one
  }
  ~CacheEntry() { wipe(); }
};

constexpr std::size_t kSlots = 16;

std::array<CacheEntry, kSlots>& thread_cache() {
  thread_local std::array<CacheEntry, kSlots> cache;
  return cache;
}

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) noexcept {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

Sigv4aSigningKey cached_sigv4a_signing_key(std::string_view access_key_id, std::string_view secret) {
  std::uint64_t h = fnv1a(0xcbf29ce484222325ULL, access_key_id);
  // A few bytes of the secret spread keys over slots; equality is checked in full (constant time) below.
  h = fnv1a(h, secret.substr(0, 8));
  CacheEntry& e = thread_cache()[(h ^ (h >> 29)) % kSlots];
  if (e.used && e.access_key_id == access_key_id && e.secret.size() == secret.size() &&
      CRYPTO_memcmp(e.secret.data(), secret.data(), secret.size()) == 0)
    return e.key;
  Sigv4aSigningKey key = Sigv4aSigningKey::derive(access_key_id, secret);
  e.wipe();
  e.access_key_id.assign(access_key_id);
  e.secret.assign(secret);
  e.key = key;
  e.used = true;
  return key;
}

void clear_sigv4a_signing_key_cache() noexcept {
  for (auto& e : thread_cache()) e.wipe();
}

}  // namespace sigv4
