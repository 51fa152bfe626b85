// Fuzzes the parsers of `sigv4 explain`: the S3 error document (parse_s3_error_body), the -v output
// of our own commands (client_side_from_verbose_log) and a raw request (client_side_from_request).
// Properties: nothing throws for any text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/explain.hpp"
#include "sigv4/raw_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sigv4::parse_s3_error_body(text);
  (void)sigv4::client_side_from_verbose_log(text);
  if (const auto parsed = sigv4::parse_raw_request(text); parsed.request)
    (void)sigv4::client_side_from_request(*parsed.request);
  return 0;
}
