// Fuzzes the aws-chunked decoder in its three modes (signed, signed with trailers, unsigned with
// trailers), fed in fuzzer-chosen slices, through three doors:
//   0. raw wire bytes, as an attacker would send them;
//   1. a valid body our encoder produced from the fuzzer's data, then altered at fuzzer-chosen bytes
//      (so the signature chain, the final chunk and the trailers are reached, not just the first line);
//   2. the end of a body only (the final chunk line, then the fuzzer's bytes as the trailer section),
//      which aims the fuzzer at trailer parsing.
// Properties: nothing throws; the outcome (error code, bytes released) does not depend on the
// slicing (the same input is decoded a second time in one piece); an unaltered encoder body decodes
// to exactly its data; in the signed modes a body accepted after any alteration still yields
// exactly the data that was signed.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/chunk_signer.hpp"
#include "sigv4/chunked_decoder.hpp"
#include "sigv4/chunked_encoder.hpp"
#include "sigv4/error.hpp"
#include "sigv4/signing_key.hpp"
#include "slicing.hpp"

namespace {

constexpr std::string_view kScope = "20261122/us-east-1/s3/aws4_request";
constexpr std::string_view kSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

sigv4::ChunkSigner make_signer() {
  static const sigv4::SigningKey key =
      sigv4::SigningKey::derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20261122", "us-east-1", "s3");
  static const auto time = sigv4::SigningTime::parse_or_throw("20261122T101010Z");
  return sigv4::ChunkSigner(key, time, kScope, kSeed);
}

struct Outcome {
  sigv4::ChunkedError error = sigv4::ChunkedError::none;
  std::string data;
};

Outcome decode(const sigv4::ChunkedDecoderConfig& config, std::string_view wire,
               const std::vector<std::size_t>& slices) {
  const bool signed_mode = sigv4::chunked_mode_has_chunk_signatures(config.mode);
  sigv4::ChunkedDecoder decoder(config, signed_mode ? std::optional(make_signer()) : std::nullopt);
  Outcome out;
  sigv4::fuzz::feed_in_slices(wire, slices, [&](std::string_view piece) {
    out.error = decoder.feed(piece, [&](std::string_view d) { out.data.append(d); });
    return out.error == sigv4::ChunkedError::none;
  });
  if (out.error == sigv4::ChunkedError::none) out.error = decoder.finish();
  if (out.error == sigv4::ChunkedError::none) {
    if (!decoder.complete() || decoder.decoded_length() != out.data.size()) __builtin_trap();
  } else if (decoder.error_message().empty() || sigv4::s3_error_code(out.error).empty()) {
    __builtin_trap();  // every refusal is explained and maps to an S3 error
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const auto mode = static_cast<sigv4::ChunkedMode>(in.ConsumeIntegralInRange<int>(0, 2));
  const int door = in.ConsumeIntegralInRange<int>(0, 2);
  const auto algorithm = static_cast<sigv4::ChecksumAlgorithm>(in.ConsumeIntegralInRange<int>(0, 4));
  const bool release_early = in.ConsumeBool();
  const bool small_limits = in.ConsumeBool();
  const bool declare_length = in.ConsumeBool();
  const bool extra_trailer = in.ConsumeBool();
  const auto slice_seed = sigv4::fuzz::take_slice_seed(in);
  std::vector<std::pair<std::size_t, std::uint8_t>> alterations;
  if (door == 1) {
    const int n = in.ConsumeIntegralInRange<int>(0, 4);
    for (int i = 0; i < n; ++i)
      alterations.emplace_back(in.ConsumeIntegral<std::uint16_t>(), in.ConsumeIntegralInRange<std::uint8_t>(1, 255));
  }
  const std::string payload = in.ConsumeRemainingBytesAsString();

  sigv4::ChunkedDecoderConfig config;
  config.mode = mode;
  if (sigv4::chunked_mode_has_trailers(mode)) {
    config.declared_trailers.emplace_back(sigv4::checksum_header_name(algorithm));
    if (extra_trailer) config.declared_trailers.emplace_back("x-amz-meta-extra");
  }
  config.release = release_early ? sigv4::DataRelease::before_verification : sigv4::DataRelease::after_verification;
  if (small_limits) config.limits = {.max_chunk_size = 9000, .max_line_length = 120, .max_trailers = 2};

  std::string wire;
  std::string expected;  // door 1: the data the encoder signed
  if (door == 0) {
    wire = payload;
  } else if (door == 1) {
    expected = payload;
    sigv4::ChunkedUploadOptions options{.mode = mode, .chunk_size = sigv4::kMinimumChunkSize};
    if (sigv4::chunked_mode_has_trailers(mode)) options.checksum = algorithm;
    const bool signed_mode = sigv4::chunked_mode_has_chunk_signatures(mode);
    sigv4::ChunkedEncoder encoder(sigv4::ChunkSource::bytes(expected), options,
                                  signed_mode ? std::optional(make_signer()) : std::nullopt);
    for (auto piece = encoder.next(); !piece.empty(); piece = encoder.next()) wire.append(piece);
    for (auto [at, bits] : alterations)
      if (!wire.empty()) wire[at % wire.size()] = static_cast<char>(wire[at % wire.size()] ^ bits);
    if (extra_trailer && config.declared_trailers.size() > 1) config.declared_trailers.pop_back();  // encoder: checksum only
  } else {
    if (sigv4::chunked_mode_has_chunk_signatures(mode)) {
      auto signer = make_signer();
      wire = "0;chunk-signature=" + signer.sign_chunk(std::string_view()) + "\r\n";
    } else {
      wire = "0\r\n";
    }
    wire += payload;
  }
  if (declare_length) config.decoded_content_length = door == 1 ? expected.size() : payload.size() / 2;

  FuzzedDataProvider slicing(slice_seed.data(), slice_seed.size());
  const Outcome sliced = decode(config, wire, sigv4::fuzz::choose_slices(slicing, wire.size()));
  const Outcome whole = decode(config, wire, {wire.size()});
  if (sliced.error != whole.error) __builtin_trap();
  if (sliced.error == sigv4::ChunkedError::none && sliced.data != whole.data) __builtin_trap();

  if (door == 1) {
    if (alterations.empty() && (sliced.error != sigv4::ChunkedError::none || sliced.data != expected))
      __builtin_trap();  // our own encoding always decodes to its data
    if (sigv4::chunked_mode_has_chunk_signatures(mode) && sliced.error == sigv4::ChunkedError::none &&
        sliced.data != expected)
      __builtin_trap();  // a signed body never yields other data than was signed
  }
  return 0;
}
