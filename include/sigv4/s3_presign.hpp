// S3 presigned URLs for an object (S3 User Guide, "Sharing objects with presigned URLs"; S3 API
// Reference, "Authenticating Requests: Using Query Parameters"): the bucket and key become a URL in
// virtual-hosted or path style, the GetObject response overrides and versionId become query parameters,
// extra headers (Content-Type, x-amz-checksum-*, x-amz-meta-*) are signed and must then be sent by
// whoever uses the URL, and the expiry is capped at what SigV4 and the credentials allow.
//
// Example:
//   sigv4::S3PresignRequest r{.bucket = "my-bucket", .key = "photos/a b.jpg", .region = "us-west-2"};
//   r.response.content_disposition = "attachment; filename=\"a b.jpg\"";
//   sigv4::S3PresignResult p = sigv4::presign_s3(creds, sigv4::SigningTime::now(), r);
//   // p.url, p.warnings (e.g. the expiry was capped), p.headers_to_send (none for a plain GET)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sigv4/credentials.hpp"
#include "sigv4/request.hpp"
#include "sigv4/s3_address.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

// GetObject's response header overrides (S3 API Reference, GetObject "URI Request Parameters"): S3 answers
// with these values as the Cache-Control, Content-Disposition, ... headers. Empty means "not set".
struct S3ResponseOverrides {
  std::string cache_control;        // response-cache-control
  std::string content_disposition;  // response-content-disposition
  std::string content_encoding;     // response-content-encoding
  std::string content_language;     // response-content-language
  std::string content_type;         // response-content-type
  std::string expires;              // response-expires (an HTTP date)
};

struct S3PresignRequest {
  std::string method = "GET";  // GET, PUT, HEAD, DELETE, POST (S3 methods)
  std::string bucket;          // required; no '/'
  std::string key;             // the object key as stored (not encoded); any bytes. Empty: the bucket itself
  std::string region;          // required: the signing region
  // Empty: AWS, https://s3.REGION.amazonaws.com (s3.amazonaws.com for us-east-1, .amazonaws.com.cn for
  // cn-*). Otherwise the endpoint URL of an S3-compatible server ("http://127.0.0.1:9000"), with no path.
  std::string endpoint;
  S3AddressingStyle addressing = S3AddressingStyle::automatic;
  std::string version_id;  // versionId: a specific version of the object
  S3ResponseOverrides response;
  // Other query parameters, sent and signed as given (decoded form), e.g. {"partNumber", "1"}.
  std::vector<std::pair<std::string, std::string>> extra_query;
  // Headers to sign (Content-Type, Content-MD5, x-amz-checksum-sha256, x-amz-meta-*, x-amz-acl, ...).
  // Whoever uses the URL must send each with exactly this value, or S3 answers SignatureDoesNotMatch.
  std::vector<Header> signed_headers;
  std::int64_t expires_seconds = 3600;  // requested X-Amz-Expires, see ExpiryWarning
};

// Why the URL lives shorter than asked.
enum class ExpiryWarning {
  capped_at_seven_days,   // SigV4 presigned URLs live at most 604800 s (7 days)
  capped_at_credentials,  // the (temporary) credentials expire first; the URL would fail from then on
};

struct S3PresignWarning {
  ExpiryWarning code;
  std::string message;  // plain words, with both times
};

struct S3PresignResult {
  std::string url;
  std::int64_t expires_seconds = 0;     // the X-Amz-Expires actually signed
  std::vector<Header> headers_to_send;  // the signed headers besides Host, with the values to send
  std::vector<S3PresignWarning> warnings;
  SigningResult signing;  // every intermediate
};

// Presigns one S3 request with the S3 rules (single encoding, no path normalisation, UNSIGNED-PAYLOAD,
// session token signed as X-Amz-Security-Token). Expiry: asked > 604800 -> 604800 with a warning;
// credentials with an expiration before time + expiry -> capped to the seconds they have left, with a
// warning. Throws sigv4::Error: invalid_argument for an empty bucket or one holding '/', a header the
// signer sets itself (Host, Authorization, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256), the
// errors of s3_address();
// expires_out_of_range for expires_seconds < 1; invalid_credentials for credentials already expired at
// `time` (and empty ones); the signer's errors for bad header names/values, region or method.
[[nodiscard]] S3PresignResult presign_s3(const Credentials& credentials, SigningTime time,
                                         const S3PresignRequest& request);

}  // namespace sigv4
