// The body half of S3 request authentication: after verify_request() accepted the request line and
// headers, a PayloadVerifier checks the body while it streams, as S3 does:
//   - a hex x-amz-content-sha256 against the SHA-256 of the body (XAmzContentSHA256Mismatch);
//   - STREAMING-* payloads: handed to the aws-chunked decoder (chunked_decoder.hpp), seeded with this
//     request's signature and signing key, so every chunk signature, the trailer signature and the
//     trailing checksum are checked (SignatureDoesNotMatch, IncompleteBody, InvalidChunkSizeError,
//     BadDigest, MalformedTrailerError); x-amz-decoded-content-length is required
//     (MissingContentLength);
//   - Content-MD5 against the MD5 of the (decoded) data (InvalidDigest when it is not base64 of 16
//     bytes, BadDigest when it differs);
//   - an x-amz-checksum-* header against the (decoded) data (InvalidRequest when malformed or more
//     than one, BadDigest "The CRC32 you specified did not match the calculated checksum.");
//   - Content-Length (the HTTP body, or for aws-chunked the encoded body) fully received
//     (IncompleteBody).
// Feed the body after the HTTP layer removed its own framing (Content-Length or Transfer-Encoding:
// chunked). Data is handed to the sink as soon as it may be released (signed chunks: after their
// signature checked out; everything else: on arrival), but only finish() returning no error means the
// whole body verified: a server writes to a temporary file and publishes it only then.
//
// Never throws for any input (errors are results, and the first one is sticky).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sigv4/chunked_decoder.hpp"
#include "sigv4/request.hpp"
#include "sigv4/s3_error.hpp"
#include "sigv4/verifier.hpp"

namespace sigv4 {

// What an x-amz-checksum-* request header is about.
enum class ChecksumHeaderScope {
  // The body (PutObject, UploadPart): verified against the data.
  body,
  // Something else: CompleteMultipartUpload's header is the assembled object's checksum (minio-go
  // sends one), not the checksum of the XML body; it is left to the caller.
  not_the_body,
};

// S3's rule for a request: not_the_body for CompleteMultipartUpload (POST with an uploadId query
// parameter), body otherwise.
ChecksumHeaderScope checksum_header_scope(std::string_view method, std::string_view target) noexcept;

struct PayloadVerifierOptions {
  ChunkedDecoderLimits limits;  // aws-chunked: largest chunk, longest line, most trailers
  DataRelease release = DataRelease::after_verification;
  ChunkSizeRule chunk_size_rule = ChunkSizeRule::any_size;
  ChecksumHeaderScope checksum_header = ChecksumHeaderScope::body;
};

// How the body is carried, from x-amz-content-sha256.
enum class PayloadKind {
  sha256,                      // 64 hex: the whole body hashed and compared at the end
  unsigned_payload,            // UNSIGNED-PAYLOAD: only Content-MD5 / x-amz-checksum-* protect it
  streaming_signed,            // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
  streaming_signed_trailer,    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
  streaming_unsigned_trailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER
  // SigV4a: chunk signatures verified with the request's public key (VerifyResult::public_key).
  streaming_ecdsa_signed,          // STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD
  streaming_ecdsa_signed_trailer,  // STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER
};
// The x-amz-content-sha256 spelling ("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "UNSIGNED-PAYLOAD"), or
// "sha256" for a hex hash.
std::string_view to_string(PayloadKind kind) noexcept;

class PayloadVerifier {
 public:
  using Sink = std::function<void(std::string_view data)>;

  // `auth` must be an accepted VerifyResult of the same request; `headers` the request's headers.
  // A request whose body cannot be verified at all (a malformed Content-MD5, ECDSA chunk signatures on
  // a SigV4 request or HMAC ones on a SigV4a request, a missing x-amz-decoded-content-length, ...) gets
  // its error at once: error() is set and feed()/finish() return it.
  PayloadVerifier(const VerifyResult& auth, std::span<const HeaderView> headers,
                  const PayloadVerifierOptions& options = {});
  ~PayloadVerifier();
  PayloadVerifier(PayloadVerifier&&) noexcept;
  PayloadVerifier& operator=(PayloadVerifier&&) noexcept;
  PayloadVerifier(const PayloadVerifier&) = delete;
  PayloadVerifier& operator=(const PayloadVerifier&) = delete;

  // Consumes body bytes, calling sink with the object's data. Returns the first error.
  [[nodiscard]] std::optional<S3Error> feed(std::string_view body, const Sink& sink);
  // Declares the end of the body; returns an error unless every check passed.
  [[nodiscard]] std::optional<S3Error> finish();
  [[nodiscard]] const std::optional<S3Error>& error() const noexcept;

  [[nodiscard]] PayloadKind kind() const noexcept;
  [[nodiscard]] bool streaming() const noexcept;
  // Bytes of object data produced so far (the decoded length for aws-chunked).
  [[nodiscard]] std::uint64_t decoded_length() const noexcept;
  // aws-chunked: chunks parsed, the final zero-length chunk included; 0 otherwise.
  [[nodiscard]] std::uint64_t chunks() const noexcept;
  // After a successful finish(): each digest that was checked and its value: "content-sha256" (hex,
  // x-amz-content-sha256), "md5" (Content-MD5, base64), "crc32", "crc32c", "crc64nvme", "sha1",
  // "sha256" (x-amz-checksum-*, base64).
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& checked() const noexcept;
  // After a successful finish(): hex MD5 of the data (S3's ETag of a single-part object).
  [[nodiscard]] std::string md5_hex() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace sigv4
