// Client side of aws-chunked: prepare and sign the request, then stream its body as the exact wire
// bytes, reading the source incrementally (never the whole object in memory).
//
//   sigv4::HttpRequest req = sigv4::HttpRequest::from_url("PUT", "https://bucket.s3.amazonaws.com/key");
//   sigv4::ChunkedUploadOptions opt{.mode = sigv4::ChunkedMode::signed_payload_trailer,
//                                   .checksum = sigv4::ChecksumAlgorithm::crc32c};
//   sigv4::ChunkedEncoder body = sigv4::sign_chunked_upload(req, sigv4::ChunkSource::file("big.bin"),
//                                                           creds, {time, "us-east-1", "s3"}, opt);
//   send the headers of req, then: for (auto piece = body.next(); !piece.empty(); piece = body.next())
//   send(piece);
//
// Wire format per mode (S3 API Reference, "Transferring Payload in Multiple Chunks"):
//   signed_payload:           <hex>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n\r\n
//   signed_payload_trailer:   <hex>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n
//                             x-amz-checksum-<alg>:<base64>\r\nx-amz-trailer-signature:<sig>\r\n\r\n
//   unsigned_payload_trailer: <hex>\r\n<data>\r\n ... 0\r\nx-amz-checksum-<alg>:<base64>\r\n\r\n
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/checksum.hpp"
#include "sigv4/chunk_signer.hpp"
#include "sigv4/chunked_mode.hpp"
#include "sigv4/credentials.hpp"
#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"

namespace sigv4 {

struct ChunkedUploadOptions {
  ChunkedMode mode = ChunkedMode::signed_payload;
  // Data bytes per chunk (the last may be shorter). At least kMinimumChunkSize (S3 refuses smaller
  // signed chunks); at most 16 MiB (what decoders accept by default).
  std::size_t chunk_size = kDefaultChunkSize;
  // The trailing checksum. Required in the trailer modes (x-amz-trailer names it); must be empty in
  // signed_payload mode, which has no trailers (send an x-amz-checksum-* header instead).
  std::optional<ChecksumAlgorithm> checksum;
};

// Throws sigv4::Error(invalid_argument) when the options break a rule above.
void validate(const ChunkedUploadOptions& options);

// The total wire length (the Content-Length of the request) for a body of decoded_length bytes.
// Throws like validate().
std::uint64_t chunked_wire_length(std::uint64_t decoded_length, const ChunkedUploadOptions& options);

// Where the data comes from. A source is read once, in order, in pieces.
class ChunkSource {
 public:
  // Reads up to buffer.size() bytes and returns how many; 0 means the end. May throw (reported as
  // sigv4::Error(io_error)).
  using Reader = std::function<std::size_t(std::span<std::byte> buffer)>;

  // Bytes that outlive the encoder (read in place, chunk by chunk; no copy of the whole).
  static ChunkSource bytes(std::string_view data);
  // A file, opened now (throws sigv4::Error(io_error) when it cannot be); its size is known.
  static ChunkSource file(const std::filesystem::path& path);
  // A stream read to its end; size unknown unless given.
  static ChunkSource stream(std::istream& in, std::optional<std::uint64_t> size = std::nullopt);
  // A callback; size unknown unless given.
  static ChunkSource reader(Reader read, std::optional<std::uint64_t> size = std::nullopt);

  // The number of bytes the source will deliver, when known up front.
  [[nodiscard]] std::optional<std::uint64_t> size() const noexcept { return size_; }
  // Fills as much of buffer as it can (looping over short reads); returns fewer bytes only at the end.
  std::size_t read_full(std::span<std::byte> buffer);

  ChunkSource(ChunkSource&&) noexcept;
  ChunkSource& operator=(ChunkSource&&) noexcept;
  ~ChunkSource();

 private:
  ChunkSource() = default;
  Reader read_;
  std::optional<std::uint64_t> size_;
  std::shared_ptr<void> owned_;  // the open file of file()
};

// Produces the wire body piece by piece.
class ChunkedEncoder {
 public:
  // Signed modes need `signer` (seeded by the request's signature, see ChunkSigner::from_seed);
  // unsigned-trailer mode takes std::nullopt. Throws sigv4::Error(invalid_argument) on a mismatch or
  // invalid options.
  ChunkedEncoder(ChunkSource source, const ChunkedUploadOptions& options, std::optional<ChunkSigner> signer);
  ~ChunkedEncoder();
  ChunkedEncoder(ChunkedEncoder&&) noexcept;
  ChunkedEncoder& operator=(ChunkedEncoder&&) noexcept;

  // The next piece of the wire body (a whole chunk: header, data, CRLF; or the final chunk with the
  // trailers), valid until the next call; empty once everything was produced. Throws
  // sigv4::Error(io_error) when the source fails, or delivers a different number of bytes than its
  // declared size (the Content-Length sent would then be wrong).
  std::string_view next();
  // Copy form for pull-style transports (e.g. a libcurl read callback): fills out with up to
  // out.size() wire bytes and returns how many; 0 at the end.
  std::size_t read(std::span<std::byte> out);

  [[nodiscard]] bool done() const noexcept;
  // Wire bytes produced so far.
  [[nodiscard]] std::uint64_t wire_bytes() const noexcept;
  // Data bytes read from the source so far.
  [[nodiscard]] std::uint64_t data_bytes() const noexcept;
  // The trailing checksum, once done() (nullopt without a checksum).
  [[nodiscard]] std::optional<ChecksumValue> checksum() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Sets the headers an aws-chunked request needs before it is signed, replacing any of the same name:
// x-amz-content-sha256 (the mode's literal), Content-Encoding: aws-chunked (prepended to an existing
// encoding, as S3 wants "aws-chunked,gzip"), x-amz-decoded-content-length and Content-Length (when
// decoded_length is known; otherwise Transfer-Encoding: chunked), x-amz-trailer (trailer modes) and
// x-amz-sdk-checksum-algorithm. Throws like validate().
void prepare_chunked_request(HttpRequest& request, const ChunkedUploadOptions& options,
                             std::optional<std::uint64_t> decoded_length);

// The whole client flow: prepare_chunked_request(), sign the request with the core signer (header
// signing, payload literal per mode, the given settings otherwise; SigningSettings::s3() by default),
// add the resulting headers to request, and return the encoder for its body. `seed` (when given)
// receives the signing result.
ChunkedEncoder sign_chunked_upload(HttpRequest& request, ChunkSource source, const Credentials& credentials,
                                   const SigningScope& scope, const ChunkedUploadOptions& options,
                                   const SigningSettings& settings = SigningSettings::s3(),
                                   SigningResult* seed = nullptr);

}  // namespace sigv4
