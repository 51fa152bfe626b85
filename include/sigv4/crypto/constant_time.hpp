// Constant-time comparison for signatures and MACs: the time taken depends only on the lengths,
// never on where the first difference is (a timing oracle would let an attacker forge a signature
// byte by byte).
#pragma once

#include <string_view>

namespace sigv4::crypto {

bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace sigv4::crypto
