#include "sigv4/crypto/constant_time.hpp"

#include "bytes_equal.hpp"

namespace sigv4::crypto {

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  // Lengths are public (a signature is always 64 hex characters); only the contents are secret.
  if (a.size() != b.size()) return false;
  return detail::bytes_equal_constant_time(a.data(), b.data(), a.size());
}

}  // namespace sigv4::crypto
