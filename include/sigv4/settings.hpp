// Every option of SigV4 signing, each an enum that says why it exists (see the SigV4 documentation,
// "Create a canonical request for Signature Version 4", and the S3 notes in "Authenticating Requests
// (AWS Signature Version 4)").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4 {

// How the path is percent-encoded in the canonical URI.
enum class UriEncoding {
  // Every AWS service except S3: the path (already encoded on the wire) is encoded once more, so an
  // existing "%" becomes "%25". Services check the signature against that doubly-encoded form.
  double_encode,
  // S3: the path is used as sent (it is already the single encoding of the key). Bytes that cannot
  // stand in a URI at all (space, control, non-ASCII) are encoded; "%XX" escapes are kept.
  single_encode,
};

// Whether "." / ".." and empty segments are removed from the path before encoding.
enum class PathNormalization {
  // Every AWS service except S3 (RFC 3986 remove_dot_segments, plus "//" -> "/", trailing "/" kept).
  normalize,
  // S3: "a/../b" and "a//b" are distinct object keys, so the path is never normalised.
  as_given,
};

// What the last line of the canonical request (the hashed payload) is.
enum class PayloadMode {
  sha256_of_body,                  // hex SHA-256 of the body (the default)
  unsigned_payload,                // the literal UNSIGNED-PAYLOAD (S3, presigned URLs)
  precomputed,                     // SigningSettings::payload_hash, e.g. a hash computed earlier
  streaming_signed,                // STREAMING-AWS4-HMAC-SHA256-PAYLOAD (aws-chunked, chunk signatures)
  streaming_signed_trailer,        // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
  streaming_unsigned_trailer,      // STREAMING-UNSIGNED-PAYLOAD-TRAILER
  streaming_ecdsa_signed,          // STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD (SigV4a)
  streaming_ecdsa_signed_trailer,  // STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER (SigV4a)
};

// The literal for a streaming or unsigned mode; empty for sha256_of_body and precomputed.
std::string_view payload_literal(PayloadMode mode) noexcept;

// Whether the signer adds an x-amz-content-sha256 header carrying the payload hash (header signing
// only). S3 requires it on every header-signed request; other services ignore it.
enum class ContentSha256Header { omit, add_and_sign };

// Where a session token goes.
enum class SessionTokenMode {
  sign,                  // X-Amz-Security-Token is part of the signature (almost every service)
  append_after_signing,  // added after signing, unsigned (a few services, e.g. IoT presigned URLs)
};

// Where the signature goes.
enum class SignatureLocation {
  headers,  // Authorization header
  query,    // presigned URL: X-Amz-* query parameters, X-Amz-Expires 1..604800 seconds
};

// Whether the signer adds the authentication inputs itself, or finds them in the request.
enum class AuthInputs {
  // A client signing a request: the signer adds X-Amz-Date, X-Amz-Security-Token,
  // x-amz-content-sha256 (headers) or the X-Amz-* parameters (query), replacing any already present.
  add,
  // A server recomputing the signature of a request it received: the headers and query are
  // canonicalised exactly as received (minus X-Amz-Signature) and nothing is added. With SigV4a the
  // result has the canonical request and string to sign but no signature (ECDSA signatures are
  // randomised: the received one is verified with the public key, see verifier.hpp).
  as_received,
};

// Which signature algorithm signs the request. The canonical request is the same for both; they differ
// in the credential scope, the region set, the algorithm name and the final signature step.
enum class SigningAlgorithm {
  // AWS4-HMAC-SHA256 (SigV4): an HMAC key derived per day, region and service; scope
  // DATE/REGION/SERVICE/aws4_request. Every service accepts it.
  hmac_sha256,
  // AWS4-ECDSA-P256-SHA256 (SigV4a): an ECDSA P-256 key derived from the credentials alone, valid for
  // a set of regions (X-Amz-Region-Set), so one signature serves requests that AWS may route to any
  // of them (S3 multi-region access points, CloudFront KeyValueStore, EventBridge global endpoints).
  // Scope DATE/SERVICE/aws4_request; the signature is a randomised DER ECDSA signature in hex.
  ecdsa_p256_sha256,
};

// The algorithm name written in the Authorization header / X-Amz-Algorithm and the string to sign.
std::string_view algorithm_name(SigningAlgorithm algorithm) noexcept;

// Header names (lower-case) never signed by default: hop-by-hop headers that proxies add, remove or
// rewrite (RFC 9110 7.6.1), and headers that clients and tracing layers change after signing.
const std::vector<std::string>& default_excluded_headers();

struct SigningSettings {
  UriEncoding uri_encoding = UriEncoding::double_encode;
  PathNormalization path_normalization = PathNormalization::normalize;
  PayloadMode payload_mode = PayloadMode::sha256_of_body;
  // Used when payload_mode is precomputed: 64 lower-case hex characters, or any UNSIGNED/STREAMING
  // literal. Anything else is an error (invalid_payload_hash).
  std::string payload_hash;
  ContentSha256Header content_sha256_header = ContentSha256Header::omit;
  SessionTokenMode session_token = SessionTokenMode::sign;
  SignatureLocation location = SignatureLocation::headers;
  AuthInputs auth_inputs = AuthInputs::add;
  // X-Amz-Expires for query signing; 1..604800 (7 days), anything else is expires_out_of_range.
  std::int64_t expires_seconds = 3600;
  // Lower-case names not signed, when headers_to_sign is not set.
  std::vector<std::string> excluded_headers = default_excluded_headers();
  SigningAlgorithm algorithm = SigningAlgorithm::hmac_sha256;
  // SigV4a only: the X-Amz-Region-Set value, the regions the signature is valid in: "*" (any region),
  // one region, or a comma-separated list ("us-east-1,us-west-2"; spaces after commas are dropped).
  // Empty means the scope's region alone. A region may hold letters, digits, '-' and '*' (a wildcard
  // such as "us-*"); anything else, or an empty list element, is invalid_region. Ignored by SigV4.
  std::string region_set;
  // When set, exactly these headers are signed (lower-case names; a name the request does not carry
  // is signed with an empty value, as a server recomputing a signature would). For server parity.
  std::optional<std::vector<std::string>> headers_to_sign;

  // The S3 rules: single encoding, no normalisation, x-amz-content-sha256 added in header mode.
  static SigningSettings s3();
  // S3 presigned URL: the S3 rules, query location, UNSIGNED-PAYLOAD.
  static SigningSettings s3_presign(std::int64_t expires_seconds = 3600);
  // The same settings signed with SigV4a for the given region set (empty: the scope's region).
  [[nodiscard]] SigningSettings with_sigv4a(std::string region_set = {}) const;
};

}  // namespace sigv4
