#include "sigv4/signing_key.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstring>
#include <string>

#include "../crypto/bytes_equal.hpp"
#include "sigv4/crypto/hex.hpp"

namespace sigv4 {

SigningKey::~SigningKey() { OPENSSL_cleanse(key_.data(), key_.size()); }

SigningKey SigningKey::derive(std::string_view secret, std::string_view date_stamp, std::string_view region,
                              std::string_view service) {
  // kSecret = "AWS4" + secret; a secret longer than 60 bytes becomes an HMAC key over 64 bytes and is
  // hashed first by the HMAC itself (RFC 2104), so no length limit applies here.
  std::array<std::uint8_t, 128> k_secret;
  std::string heap_secret;
  std::span<const std::uint8_t> key;
  if (secret.size() + 4 <= k_secret.size()) {
    std::memcpy(k_secret.data(), "AWS4", 4);
    std::memcpy(k_secret.data() + 4, secret.data(), secret.size());
    key = std::span<const std::uint8_t>(k_secret.data(), secret.size() + 4);
  } else {
    heap_secret.reserve(secret.size() + 4);
    heap_secret.append("AWS4").append(secret);
    key = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(heap_secret.data()), heap_secret.size());
  }
  std::uint8_t k_date[32], k_region[32], k_service[32];
  crypto::hmac_sha256(key, date_stamp, k_date);
  crypto::hmac_sha256(k_date, region, k_region);
  crypto::hmac_sha256(k_region, service, k_service);
  SigningKey out;
  crypto::hmac_sha256(k_service, "aws4_request", out.key_.data());
  out.hmac_.set_key(out.key_);
  OPENSSL_cleanse(k_secret.data(), k_secret.size());
  if (!heap_secret.empty()) OPENSSL_cleanse(heap_secret.data(), heap_secret.size());
  OPENSSL_cleanse(k_date, sizeof k_date);
  OPENSSL_cleanse(k_region, sizeof k_region);
  OPENSSL_cleanse(k_service, sizeof k_service);
  return out;
}

SigningKey SigningKey::from_bytes(const std::array<std::uint8_t, 32>& key) {
  SigningKey out;
  out.key_ = key;
  out.hmac_.set_key(out.key_);
  return out;
}

void SigningKey::sign_hex(std::string_view message, char out[64]) const noexcept {
  std::uint8_t mac[32];
  hmac_.mac(message, mac);
  crypto::hex_encode(mac, out);
}

namespace {

struct CacheEntry {
  bool used = false;
  std::string secret;
  char date[8] = {};
  std::string region;
  std::string service;
  SigningKey key;

  // An unused entry holds nothing: it was never filled, or wiped already (filling sets `used` last).
  void wipe() noexcept {
    if (!used) return;
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
    used = false;
    key = SigningKey();
  }
  ~CacheEntry() { wipe(); }
};

constexpr std::size_t kSlots = 32;

struct ThreadCache {
  std::array<CacheEntry, kSlots> entries;
};

ThreadCache& thread_cache() {
  thread_local ThreadCache cache;
  return cache;
}

// Spreads cache keys over the slots (equality is always checked in full, so this only needs to be
// fast and mix well): 8 bytes per multiply instead of FNV-1a's one, a quarter of the latency.
std::uint64_t mix(std::uint64_t h, std::string_view s) noexcept {
  constexpr std::uint64_t kOdd = 0x9e3779b97f4a7c15ULL;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * kOdd;
    h ^= h >> 32;
  }
  std::uint64_t tail = static_cast<std::uint64_t>(s.size()) << 56;
  std::memcpy(&tail, s.data() + i, s.size() - i);  // at most 7 bytes: the size byte stays
  h = (h ^ tail) * kOdd;
  return h ^ (h >> 32);
}

}  // namespace

const SigningKey& cached_signing_key_ref(std::string_view secret, std::string_view date_stamp,
                                        std::string_view region, std::string_view service) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  h = mix(h, date_stamp);
  h = mix(h, region);
  h = mix(h, service);
  // A few bytes of the secret spread different keys over slots; equality is checked in full below.
  h = mix(h, secret.substr(0, 8));
  CacheEntry& e = thread_cache().entries[(h ^ (h >> 29)) % kSlots];
  if (e.used && date_stamp.size() == 8 && std::memcmp(e.date, date_stamp.data(), 8) == 0 && e.region == region &&
      e.service == service && e.secret.size() == secret.size() &&
      crypto::detail::bytes_equal_constant_time(e.secret.data(), secret.data(), secret.size())) {
    return e.key;
  }
  if (date_stamp.size() != 8) {  // not a date: never cached (the signer refuses such scopes anyway)
    thread_local SigningKey uncached;
    uncached = SigningKey::derive(secret, date_stamp, region, service);
    return uncached;
  }
  e.wipe();
  e.key = SigningKey::derive(secret, date_stamp, region, service);
  e.secret.assign(secret);
  std::memcpy(e.date, date_stamp.data(), 8);
  e.region.assign(region);
  e.service.assign(service);
  e.used = true;
  return e.key;
}

SigningKey cached_signing_key(std::string_view secret, std::string_view date_stamp, std::string_view region,
                              std::string_view service) {
  return cached_signing_key_ref(secret, date_stamp, region, service);
}

void clear_signing_key_cache() noexcept {
  for (auto& e : thread_cache().entries) e.wipe();
}

}  // namespace sigv4
