// The errors an S3 endpoint answers a request it refuses with (S3 API Reference, "Error responses":
// the code, its HTTP status and message), and their XML body:
//   <?xml version="1.0" encoding="UTF-8"?>
//   <Error><Code>SignatureDoesNotMatch</Code><Message>...</Message><StringToSign>...</StringToSign>
//   ...<RequestId>...</RequestId></Error>
// The verifier and `sigv4 serve` use these so that clients see what they would see from S3 (the SDKs
// turn Code into their exception type, e.g. botocore's ClientError "SignatureDoesNotMatch").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigv4 {

enum class S3ErrorCode {
  access_denied,                         // 403 AccessDenied
  signature_does_not_match,              // 403 SignatureDoesNotMatch
  invalid_access_key_id,                 // 403 InvalidAccessKeyId
  request_time_too_skewed,               // 403 RequestTimeTooSkewed
  authorization_header_malformed,        // 400 AuthorizationHeaderMalformed
  authorization_query_parameters_error,  // 400 AuthorizationQueryParametersError
  x_amz_content_sha256_mismatch,         // 400 XAmzContentSHA256Mismatch
  bad_digest,                            // 400 BadDigest
  invalid_digest,                        // 400 InvalidDigest
  missing_security_header,               // 400 MissingSecurityHeader
  invalid_token,                         // 400 InvalidToken
  expired_token,                         // 400 ExpiredToken
  incomplete_body,                       // 400 IncompleteBody
  invalid_chunk_size_error,              // 400 InvalidChunkSizeError
  malformed_trailer_error,               // 400 MalformedTrailerError
  invalid_argument,                      // 400 InvalidArgument
  invalid_request,                       // 400 InvalidRequest
  invalid_uri,                           // 400 InvalidURI
  missing_content_length,                // 411 MissingContentLength
  internal_error,                        // 500 InternalError
  not_implemented,                       // 501 NotImplemented
  // Object-store errors (what `sigv4 serve` answers besides authentication).
  no_such_bucket,               // 404 NoSuchBucket
  no_such_key,                  // 404 NoSuchKey
  no_such_upload,               // 404 NoSuchUpload
  bucket_already_owned_by_you,  // 409 BucketAlreadyOwnedByYou
  bucket_not_empty,             // 409 BucketNotEmpty
  invalid_bucket_name,          // 400 InvalidBucketName
  invalid_range,                // 416 InvalidRange
  invalid_part,                 // 400 InvalidPart
  invalid_part_order,           // 400 InvalidPartOrder
  entity_too_small,             // 400 EntityTooSmall
  malformed_xml,                // 400 MalformedXML
  method_not_allowed,           // 405 MethodNotAllowed
  key_too_long,                 // 400 KeyTooLongError
  // Browser POST uploads (post_policy.hpp).
  entity_too_large,         // 400 EntityTooLarge
  invalid_policy_document,  // 400 InvalidPolicyDocument
  malformed_post_request,   // 400 MalformedPOSTRequest
};

// "SignatureDoesNotMatch", ...: the <Code> element.
std::string_view s3_error_name(S3ErrorCode code) noexcept;
// The HTTP status S3 answers with for this code.
int s3_error_status(S3ErrorCode code) noexcept;
// S3's default message for this code (used when no more specific message applies).
std::string_view s3_error_default_message(S3ErrorCode code) noexcept;

// One refusal: the code, the message, and the extra elements S3 adds for some codes, in order
// (SignatureDoesNotMatch: AWSAccessKeyId, StringToSign, SignatureProvided, StringToSignBytes,
// CanonicalRequest, CanonicalRequestBytes; RequestTimeTooSkewed: RequestTime, ServerTime,
// MaxAllowedSkewMilliseconds; ...).
struct S3Error {
  S3ErrorCode code = S3ErrorCode::access_denied;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;

  S3Error() = default;
  S3Error(S3ErrorCode c, std::string m) : code(c), message(std::move(m)) {}
  explicit S3Error(S3ErrorCode c) : code(c), message(s3_error_default_message(c)) {}

  [[nodiscard]] std::string_view name() const noexcept { return s3_error_name(code); }
  [[nodiscard]] int http_status() const noexcept { return s3_error_status(code); }
  // The value of a detail element, or empty.
  [[nodiscard]] std::string_view detail(std::string_view element) const noexcept;
  S3Error& with(std::string element, std::string value) {
    details.emplace_back(std::move(element), std::move(value));
    return *this;
  }

  // The XML error document. `resource` (the request path) and `request_id` are added when non-empty.
  [[nodiscard]] std::string to_xml(std::string_view resource = {}, std::string_view request_id = {}) const;
};

// Text escaped for an XML element (& < > " ' and control characters other than TAB/LF/CR as &#N;).
std::string xml_escape(std::string_view text);

// S3's byte dump of a string in SignatureDoesNotMatch ("41 57 53 34 ..."): two lower-case hex
// digits per byte, separated by single spaces.
std::string s3_bytes_dump(std::string_view text);

}  // namespace sigv4
