// W4: aws-chunked streaming of a 4 MiB object. Signed chunks of 64 KiB and of 1 MiB, produced by the
// encoder (hash each chunk, sign it, frame it) and decoded + validated by the decoder (parse the
// framing, hash, check each signature in the chain); and decoding of unsigned-trailer bodies whose
// CRC32 / CRC32C / CRC64NVME trailer is checked against the data.
#include <benchmark/benchmark.h>

#include "alloc_counter.hpp"
#include "block_count.hpp"
#include "op_counters.hpp"
#include "sigv4/chunked_decoder.hpp"
#include "sigv4/chunked_encoder.hpp"
#include "workloads.hpp"

namespace sigv4::bench {
namespace {

constexpr std::size_t kObjectSize = 4 << 20;
constexpr std::size_t kFeedSize = 128 << 10;  // what a server reads from its socket at a time

const std::string& object() {
  static const std::string data = generated_body(kObjectSize);
  return data;
}

// One aws-chunked upload of object(): the seed signature and the exact wire bytes.
struct Upload {
  ChunkedUploadOptions options;
  SigningResult seed;
  std::string wire;
  std::size_t blocks = 0;  // SHA-256 blocks of producing (or checking) every chunk signature
};

Upload make_upload(ChunkedMode mode, std::size_t chunk_size, std::optional<ChecksumAlgorithm> checksum) {
  const WorkloadSet& set = workloads();
  Upload u;
  u.options.mode = mode;
  u.options.chunk_size = chunk_size;
  u.options.checksum = checksum;
  HttpRequest request =
      HttpRequest::from_url("PUT", "https://examplebucket.s3.amazonaws.com/photos/2024/upload.bin");
  ChunkedEncoder encoder = sign_chunked_upload(request, ChunkSource::bytes(object()), set.credentials,
                                               set.scope(), u.options, SigningSettings::s3(), &u.seed);
  for (auto piece = encoder.next(); !piece.empty(); piece = encoder.next()) u.wire.append(piece);
  if (mode != ChunkedMode::unsigned_payload_trailer) {
    // Each chunk: its data blocks + one HMAC of the chunk string to sign with the precomputed key
    // states; the final (empty) chunk's data hash is the constant SHA-256("").
    ChunkSigner signer = ChunkSigner::from_seed(u.seed, set.time);
    std::string sts;
    signer.chunk_string_to_sign(crypto::sha256(""), sts);
    const std::size_t chunks = (kObjectSize + chunk_size - 1) / chunk_size;
    u.blocks = (kObjectSize / chunk_size) * sha256_blocks(chunk_size) +
               (kObjectSize % chunk_size ? sha256_blocks(kObjectSize % chunk_size) : 0) +
               (chunks + 1) * hmac_blocks_precomputed(sts.size());
  }
  return u;
}

void encode(benchmark::State& state, std::size_t chunk_size) {
  const Upload u = make_upload(ChunkedMode::signed_payload, chunk_size, std::nullopt);
  const SigningTime time = workloads().time;
  const std::uint64_t allocations_before = thread_allocations();
  for (auto _ : state) {
    ChunkedEncoder encoder(ChunkSource::bytes(object()), u.options, ChunkSigner::from_seed(u.seed, time));
    std::size_t wire = 0;
    for (auto piece = encoder.next(); !piece.empty(); piece = encoder.next()) wire += piece.size();
    if (wire != u.wire.size()) state.SkipWithError("the encoder produced a different body");
  }
  report_op_counters(state, u.blocks, thread_allocations() - allocations_before, kObjectSize);
}

void decode(benchmark::State& state, const Upload& u) {
  std::vector<HeaderView> views{
      {"x-amz-content-sha256", payload_literal(u.options.mode == ChunkedMode::signed_payload
                                                   ? PayloadMode::streaming_signed
                                                   : PayloadMode::streaming_unsigned_trailer)}};
  const std::string length = std::to_string(kObjectSize);
  views.push_back({"x-amz-decoded-content-length", length});
  std::string trailer_name;
  if (u.options.checksum) {
    trailer_name = std::string(checksum_header_name(*u.options.checksum));
    views.push_back({"x-amz-trailer", trailer_name});
  }
  const auto config = ChunkedDecoderConfig::from_headers(views);
  if (!config.config) {
    state.SkipWithError(config.error.c_str());
    return;
  }
  const WorkloadSet& set = workloads();
  const std::uint64_t allocations_before = thread_allocations();
  for (auto _ : state) {
    std::optional<ChunkSigner> signer;
    if (u.options.mode != ChunkedMode::unsigned_payload_trailer)
      signer = ChunkSigner::from_seed(u.seed, set.time);
    ChunkedDecoder decoder(*config.config, std::move(signer));
    std::size_t decoded = 0;
    const auto sink = [&](std::string_view data) { decoded += data.size(); };
    for (std::size_t at = 0; at < u.wire.size(); at += kFeedSize) {
      if (decoder.feed(std::string_view(u.wire).substr(at, kFeedSize), sink) != ChunkedError::none) break;
    }
    if (decoder.finish() != ChunkedError::none || decoded != kObjectSize) {
      state.SkipWithError(("the decoder refused the body: " + decoder.error_message()).c_str());
      break;
    }
  }
  report_op_counters(state, u.blocks, thread_allocations() - allocations_before, kObjectSize);
}

void W4_chunk_sign_64KiB(benchmark::State& s) { encode(s, 64 << 10); }
void W4_chunk_sign_1MiB(benchmark::State& s) { encode(s, 1 << 20); }
void W4_chunk_verify_64KiB(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::signed_payload, 64 << 10, std::nullopt));
}
void W4_chunk_verify_1MiB(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::signed_payload, 1 << 20, std::nullopt));
}
void W4_unsigned_trailer_crc32(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::unsigned_payload_trailer, 64 << 10, ChecksumAlgorithm::crc32));
}
void W4_unsigned_trailer_crc32c(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::unsigned_payload_trailer, 64 << 10, ChecksumAlgorithm::crc32c));
}
void W4_unsigned_trailer_crc64nvme(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::unsigned_payload_trailer, 64 << 10, ChecksumAlgorithm::crc64nvme));
}
// SHA-1 and SHA-256 trailers are hash-bound, so they are not held to the CRC modes' 4 GB/s target.
void W4_checksum_trailer_sha1(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::unsigned_payload_trailer, 64 << 10, ChecksumAlgorithm::sha1));
}
void W4_checksum_trailer_sha256(benchmark::State& s) {
  decode(s, make_upload(ChunkedMode::unsigned_payload_trailer, 64 << 10, ChecksumAlgorithm::sha256));
}

BENCHMARK(W4_chunk_sign_64KiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_chunk_verify_64KiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_chunk_sign_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_chunk_verify_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_unsigned_trailer_crc32)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_unsigned_trailer_crc32c)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_unsigned_trailer_crc64nvme)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_checksum_trailer_sha1)->Unit(benchmark::kMicrosecond);
BENCHMARK(W4_checksum_trailer_sha256)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sigv4::bench
