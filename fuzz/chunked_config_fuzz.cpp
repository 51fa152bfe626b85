// Fuzzes ChunkedDecoderConfig::from_headers, the reading of an aws-chunked request's headers
// (x-amz-content-sha256, x-amz-decoded-content-length, x-amz-trailer, x-amz-checksum-*), and the
// decoder built from what it accepts. The input is "name:value" lines.
// Properties: nothing throws; a refusal says why; an accepted configuration declares at most one
// checksum trailer, none in a mode without trailers, and builds a decoder that does not report
// invalid_config.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/checksum.hpp"
#include "sigv4/chunk_signer.hpp"
#include "sigv4/chunked_decoder.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/sigv4a_key.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<sigv4::HeaderView> headers;
  std::size_t at = 0;
  while (at < text.size() && headers.size() < 64) {
    const auto end = std::min(text.find('\n', at), text.size());
    const auto line = text.substr(at, end - at);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
    at = end + 1;
  }
  const auto parsed = sigv4::ChunkedDecoderConfig::from_headers(headers);
  if (!parsed.config) {
    if (parsed.error.empty()) __builtin_trap();
    return 0;
  }
  const auto& config = *parsed.config;
  std::size_t checksums = 0;
  for (const auto& name : config.declared_trailers)
    if (sigv4::checksum_algorithm_from_header(name)) ++checksums;
  if (checksums > 1) __builtin_trap();
  if (!sigv4::chunked_mode_has_trailers(config.mode) && !config.declared_trailers.empty()) __builtin_trap();

  // The chain follows the mode's algorithm (SigV4 or SigV4a), as a server builds it from the request.
  static const sigv4::SigningKey key = sigv4::SigningKey::derive("secret", "20261122", "us-east-1", "s3");
  static const sigv4::Sigv4aSigningKey ecdsa_key = sigv4::Sigv4aSigningKey::derive("AKID", "secret");
  static const auto time = sigv4::SigningTime::parse_or_throw("20261122T101010Z");
  std::optional<sigv4::ChunkSigner> signer;
  if (sigv4::chunked_mode_has_chunk_signatures(config.mode)) {
    if (sigv4::chunked_mode_algorithm(config.mode) == sigv4::SigningAlgorithm::ecdsa_p256_sha256)
      signer.emplace(ecdsa_key, time, "20261122/s3/aws4_request", std::string(70, 'a'));
    else
      signer.emplace(key, time, "20261122/us-east-1/s3/aws4_request", std::string(64, 'a'));
  }
  sigv4::ChunkedDecoder decoder(config, signer);
  if (decoder.feed("0", [](std::string_view) {}) == sigv4::ChunkedError::invalid_config) __builtin_trap();
  return 0;
}
