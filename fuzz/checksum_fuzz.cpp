// Fuzzes the decoders behind x-amz-checksum-* and Content-MD5 values: strict base64 (standard and
// URL-safe), ChecksumValue::from_base64 for every algorithm, and the algorithm-name parsers; plus the
// incremental checksums against their one-shot form.
// Properties: whatever a strict decoder accepts re-encodes to exactly the input (one spelling per
// value, as S3 demands); a parsed checksum has its algorithm's size; splitting the input anywhere
// does not change a checksum.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/checksum.hpp"
#include "sigv4/crypto/base64.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::uint8_t> bytes;
  if (sigv4::crypto::base64_decode(text, bytes)) {
    if (sigv4::crypto::base64(bytes) != text) __builtin_trap();
  } else if (!bytes.empty()) {
    __builtin_trap();  // documented: out emptied on failure
  }
  if (sigv4::crypto::base64url_decode(text, bytes)) {
    if (sigv4::crypto::base64url(bytes) != text) __builtin_trap();
  }
  for (int a = 0; a <= 4; ++a) {
    const auto algorithm = static_cast<sigv4::ChecksumAlgorithm>(a);
    if (auto v = sigv4::ChecksumValue::from_base64(algorithm, text)) {
      if (v->size != sigv4::checksum_size(algorithm) || v->base64() != text) __builtin_trap();
    }
  }
  if (auto a = sigv4::parse_checksum_algorithm(text); a && text.size() > 9) __builtin_trap();
  if (auto a = sigv4::checksum_algorithm_from_header(text))
    if (text.size() != sigv4::checksum_header_name(*a).size()) __builtin_trap();

  FuzzedDataProvider in(data, size);
  const auto algorithm = static_cast<sigv4::ChecksumAlgorithm>(in.ConsumeIntegralInRange<int>(0, 4));
  const std::size_t split = in.ConsumeIntegral<std::uint16_t>();
  const std::string body = in.ConsumeRemainingBytesAsString();
  sigv4::Checksum incremental(algorithm);
  const std::string_view b(body);
  incremental.update(b.substr(0, std::min(split, b.size())));
  incremental.update(b.substr(std::min(split, b.size())));
  if (!(incremental.value() == sigv4::compute_checksum(algorithm, body))) __builtin_trap();
  return 0;
}
