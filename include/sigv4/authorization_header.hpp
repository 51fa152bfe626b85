// Parser for the SigV4 Authorization header (SigV4 documentation, "Add the signature to the HTTP
// request"; S3 "Authenticating Requests: Using the Authorization Header"):
//   AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date,
//   Signature=<64 hex>
// As tolerant as S3: the three components in any order, separated by ',' with or without spaces
// (minio-go sends none), spaces around '=' and around the components ignored. Strict otherwise:
// each component exactly once, nothing unknown, the algorithm exactly "AWS4-HMAC-SHA256" or
// "AWS4-ECDSA-P256-SHA256" (SigV4a: Credential=AKID/20150830/s3/aws4_request, without a region, and a
// DER ECDSA Signature in hex; the region set is the X-Amz-Region-Set header, read by the verifier).
#pragma once

#include <string_view>

#include "sigv4/auth_parameters.hpp"

namespace sigv4 {

// Never throws. On failure `error` tells what is wrong (see AuthParseError) and `message` says it in
// words for the S3 error body.
[[nodiscard]] AuthParse parse_authorization_header(std::string_view value);

// The same into `out`, reusing its storage: a server that keeps one AuthParameters per thread or
// connection parses a well-formed header without allocating. Returns AuthParseError::none on success;
// otherwise the error, with `message` set and `out` partly overwritten (not to be used).
[[nodiscard]] AuthParseError parse_authorization_header(std::string_view value, AuthParameters& out,
                                                        std::string& message);

}  // namespace sigv4
