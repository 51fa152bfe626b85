// Fuzzes URL parsing, target splitting and the Host header derivation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/request.hpp"
#include "sigv4/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto url = sigv4::parse_url(text)) {
    (void)url->host_header();
    const auto parts = sigv4::split_target(url->target);
    if (parts.path.empty() || parts.path.front() != '/') __builtin_trap();  // targets always start with '/'
  }
  (void)sigv4::split_target(text);
  return 0;
}
