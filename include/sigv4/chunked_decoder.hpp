// Server side of aws-chunked: an incremental push decoder that turns the wire bytes of an
// aws-chunked body into the object's bytes while validating everything the encoding carries.
//
// Feed it the body in any slicing (one byte at a time works) after the HTTP layer removed its own
// framing (Content-Length, or Transfer-Encoding: chunked, see http_chunked_decoder.hpp). It checks:
//   - the framing: hex sizes, CRLFs, the zero-length final chunk, nothing after the end;
//   - signed modes: each chunk signature against the chain seeded by the request's signature
//     (ChunkSigner), the final chunk's signature, then x-amz-trailer-signature (signed-trailer mode);
//     SigV4a (ECDSA) modes verify each signature with the sender's public key (a ChunkSigner built from
//     an EcdsaP256PublicKey), since randomised signatures cannot be recomputed;
//   - trailer modes: the trailers declared in x-amz-trailer are all there and nothing else, and the
//     checksum trailer (x-amz-checksum-*) equals the checksum of the decoded data;
//   - an x-amz-checksum-* request header (ChunkedDecoderConfig::header_checksum) against the data;
//   - x-amz-decoded-content-length against the decoded total (early: a chunk that would exceed it is
//     refused before its data is read).
// Quirks of real senders that are accepted: any chunk sizes (the JS SDK sends its stream's pieces),
// trailing-header lines ended "\n\r\n" (minio-go), and upper-case hex sizes.
//
// Memory is bounded whatever the input: with DataRelease::after_verification the decoder holds at most
// one chunk (up to limits.max_chunk_size, 16 MiB by default) and lines up to limits.max_line_length.
//
// Errors are results, never exceptions: feed() and finish() return a ChunkedError, the first error is
// sticky, and error_message() says where ("chunk 3 (offset 196740): signature does not match").
//
// Example (a server that verified the request's Authorization header first):
//   auto cfg = sigv4::ChunkedDecoderConfig::from_headers(request.headers);      // mode, lengths, trailers
//   sigv4::ChunkedDecoder dec(*cfg.config, sigv4::ChunkSigner(key, time, scope, request_signature));
//   for (each piece read from the socket)
//     if (auto e = dec.feed(piece, [&](std::string_view data) { store(data); }); e != ChunkedError::none)
//       return reply(s3_http_status(e), s3_error_code(e), dec.error_message());
//   if (auto e = dec.finish(); e != ChunkedError::none) ...                        // then commit
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/checksum.hpp"
#include "sigv4/chunk_signer.hpp"
#include "sigv4/chunked_error.hpp"
#include "sigv4/chunked_mode.hpp"
#include "sigv4/request.hpp"

namespace sigv4 {

struct ChunkedDecoderLimits {
  // Largest chunk accepted (and so the largest buffer the decoder allocates). S3 clients send 8 KiB to
  // 1 MiB; 16 MiB leaves room for any real client.
  std::size_t max_chunk_size = std::size_t{16} * 1024 * 1024;
  // Longest chunk header line ("<hex>;chunk-signature=<64 hex>" is at most 97 bytes, 177 with a
  // SigV4a signature) and trailing header line, CRLF excluded.
  std::size_t max_line_length = 1024;
  // Most trailing headers (x-amz-trailer-signature included).
  std::size_t max_trailers = 8;
};

// When decoded data reaches the caller.
enum class DataRelease {
  // Signed modes: a chunk's data is handed over only once its signature checked out, so a caller that
  // streams data onwards never sees a byte an attacker altered. Costs a buffer of one chunk.
  after_verification,
  // Data is handed over as it arrives, before its chunk signature is checked; no buffering. For
  // callers that write to a temporary place and discard it when feed()/finish() report an error.
  before_verification,
};
// Unsigned-trailer mode has no chunk signatures: data is always released as it arrives. In every
// mode the trailing checksum can only be checked at the end, so a caller commits the object only
// after finish() returned ChunkedError::none.

// Whether the decoder enforces S3's minimum chunk size.
enum class ChunkSizeRule {
  any_size,    // accept any chunk sizes (what S3-compatible servers do in practice)
  s3_minimum,  // signed modes: every chunk but the last at least 8 KiB (S3: InvalidChunkSizeError)
};

// An x-amz-checksum-* value the request carried as a header (minio-go's multipart parts do this with
// signed chunks), to be checked against the decoded data at the end.
struct ExpectedChecksum {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::crc32;
  std::string base64;
};

struct ChunkedDecoderConfig {
  ChunkedMode mode = ChunkedMode::signed_payload;
  // x-amz-decoded-content-length, when the request had it (S3 requires it; the decoder only checks it).
  std::optional<std::uint64_t> decoded_content_length;
  // Trailing headers the request declared in x-amz-trailer (lower-case names). At most one may be an
  // x-amz-checksum-* name; that checksum is computed while decoding and compared with the trailer.
  std::vector<std::string> declared_trailers;
  std::optional<ExpectedChecksum> header_checksum;
  ChunkedDecoderLimits limits;
  DataRelease release = DataRelease::after_verification;
  ChunkSizeRule chunk_size_rule = ChunkSizeRule::any_size;

  struct FromHeaders;
  // Reads the configuration from a request's headers: x-amz-content-sha256 (the mode),
  // x-amz-decoded-content-length, x-amz-trailer (comma-separated names) and an x-amz-checksum-*
  // header. Fails (config empty, error set) when the request is not aws-chunked, a value is malformed,
  // or x-amz-trailer is present in signed_payload mode or names more than one checksum.
  static FromHeaders from_headers(std::span<const HeaderView> headers);
};

struct ChunkedDecoderConfig::FromHeaders {
  std::optional<ChunkedDecoderConfig> config;
  std::string error;
};

class ChunkedDecoder {
 public:
  // Receives decoded data, in order. The view is valid only during the call.
  using Sink = std::function<void(std::string_view data)>;

  // Signed modes need `signer`, seeded with the verified request's signature (ChunkSigner's
  // constructor), of the mode's algorithm; unsigned-trailer mode ignores it (pass std::nullopt). A
  // signed mode without a signer or with one of the other algorithm,
  // or a config the decoder cannot honour (two checksum trailers, signed_payload mode with declared
  // trailers), makes every feed()/finish() return ChunkedError::invalid_config.
  ChunkedDecoder(const ChunkedDecoderConfig& config, std::optional<ChunkSigner> signer);
  ~ChunkedDecoder();
  ChunkedDecoder(ChunkedDecoder&&) noexcept;
  ChunkedDecoder& operator=(ChunkedDecoder&&) noexcept;
  ChunkedDecoder(const ChunkedDecoder&) = delete;
  ChunkedDecoder& operator=(const ChunkedDecoder&) = delete;

  // Consumes wire bytes, calling sink with decoded data as it becomes releasable. Returns none or the
  // first error (then, and on every later call, nothing more is consumed or released).
  [[nodiscard]] ChunkedError feed(std::string_view wire, const Sink& sink);
  // Declares the end of the input. Returns none only when the whole encoding (final chunk, trailers)
  // was received and every check passed; truncated_body when it stopped short.
  [[nodiscard]] ChunkedError finish();

  // True once the end of the encoding was parsed and validated (before or after finish()).
  [[nodiscard]] bool complete() const noexcept;
  [[nodiscard]] ChunkedError error() const noexcept;
  // Human-readable description of error(), naming the chunk and wire offset; empty when none.
  [[nodiscard]] const std::string& error_message() const noexcept;

  // Data bytes decoded (and released) so far.
  [[nodiscard]] std::uint64_t decoded_length() const noexcept;
  // Wire bytes consumed so far.
  [[nodiscard]] std::uint64_t wire_offset() const noexcept;
  // Index (0-based) of the chunk being parsed, or of the chunk an error is about; the final chunk too.
  [[nodiscard]] std::uint64_t chunk_index() const noexcept;
  // Trailing headers received, x-amz-trailer-signature excluded (names lower-case, values trimmed).
  [[nodiscard]] const std::vector<Header>& trailers() const noexcept;
  // The checksum computed over the decoded data (the trailer's algorithm, else the header's); set
  // once complete().
  [[nodiscard]] std::optional<ChecksumValue> computed_checksum() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace sigv4
