// Parser for the SigV4 Authorization header (SigV4 documentation, "Add the signature to the HTTP
// request"; S3 "Authenticating Requests: Using the Authorization Header"):
//   AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date,
//   Signature=<64 hex>
// As tolerant as S3: the three components in any order, separated by ',' with or without spaces
// (minio-go sends none), spaces around '=' and around the components ignored. Strict otherwise:
// each component exactly once, nothing unknown, the algorithm exactly "AWS4-HMAC-SHA256".
#pragma once

#include <string_view>

#include "sigv4/auth_parameters.hpp"

namespace sigv4 {

// Never throws. On failure `error` tells what is wrong (see AuthParseError) and `message` says it in
// words for the S3 error body.
[[nodiscard]] AuthParse parse_authorization_header(std::string_view value);

}  // namespace sigv4
