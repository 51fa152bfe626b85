#include "sigv4/secret.hpp"

#include <openssl/crypto.h>

namespace sigv4 {

void SecretString::wipe() noexcept {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
  value_.clear();
}

bool operator==(const SecretString& a, const SecretString& b) noexcept {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.value_.data(), b.value_.data(), a.size()) == 0);
}

std::string redact(std::string_view secret) {
  if (secret.empty()) return "(empty)";
  return "****(" + std::to_string(secret.size()) + " chars)";
}

}  // namespace sigv4
