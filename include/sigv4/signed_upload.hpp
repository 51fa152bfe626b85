// Signing a request together with its body for sending, in each way S3 accepts a payload (S3 API
// Reference, "Authenticating Requests: Using the Authorization Header"): the hex SHA-256 of the body
// (read once to hash, once to send: a file is never loaded whole), UNSIGNED-PAYLOAD, and the
// aws-chunked streaming modes (see chunked_encoder.hpp), which sign as they send in one pass.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "sigv4/checksum.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signer.hpp"

namespace sigv4 {

enum class UploadPayload {
  sha256_hex,        // x-amz-content-sha256 / canonical payload = hex SHA-256 of the body
  unsigned_payload,  // UNSIGNED-PAYLOAD: the body is not covered by the signature (TLS protects it)
  // aws-chunked (chunked_encoder.hpp): the body is framed and signed chunk by chunk while it is sent,
  // one pass over the data, Content-Length computed up front (radosgw and S3 require it).
  // The signed modes follow SigningSettings::algorithm: with SigV4a they are the ECDSA variants
  // (STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER]).
  streaming_signed,            // STREAMING-AWS4-HMAC-SHA256-PAYLOAD, 64 KiB chunks
  streaming_signed_trailer,    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER + checksum trailer
  streaming_unsigned_trailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER + checksum trailer
};

// The body of an upload: bytes the caller keeps alive, or a regular file.
struct UploadSource {
  std::string_view bytes;
  std::optional<std::filesystem::path> file;
  static UploadSource from_bytes(std::string_view data) { return {data, std::nullopt}; }
  static UploadSource from_file(std::filesystem::path path) { return {{}, std::move(path)}; }
};

struct PreparedUpload {
  SigningResult signing;  // every intermediate of the request's signature
  SendBody body;          // what HttpClient::send must send
};

// Signs `request` (header location) for `source` in `mode` (the trailer modes carry `checksum`), sets the signed headers on it, and returns
// the body to send. `settings` supplies everything but the payload mode (SigningSettings::s3() for
// S3). Throws sigv4::Error for a request that cannot be signed or a file that cannot be read.
PreparedUpload prepare_signed_upload(HttpRequest& request, UploadPayload mode, const UploadSource& source,
                                     const Credentials& credentials, const SigningScope& scope,
                                     SigningSettings settings,
                                     ChecksumAlgorithm checksum = ChecksumAlgorithm::crc32);

}  // namespace sigv4
