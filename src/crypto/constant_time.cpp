#include "sigv4/crypto/constant_time.hpp"

#include <openssl/crypto.h>

namespace sigv4::crypto {

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  // Lengths are public (a signature is always 64 hex characters); only the contents are secret.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sigv4::crypto
