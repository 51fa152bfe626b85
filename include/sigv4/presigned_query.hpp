// Parser for the SigV4 query-string authentication parameters of a presigned URL (S3 "Authenticating
// Requests: Using Query Parameters"): X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders, X-Amz-Signature, and the optional X-Amz-Security-Token and
// X-Amz-Content-Sha256; with X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256 (SigV4a) also the required
// X-Amz-Region-Set and a credential without region. Names are matched exactly (case-sensitive, after percent-decoding), values
// are percent-decoded ('+' stays '+', as SigV4 canonicalisation treats it).
#pragma once

#include <string_view>

#include "sigv4/auth_parameters.hpp"

namespace sigv4 {

// True when the query (the part of the target after '?') carries any X-Amz-Algorithm,
// X-Amz-Credential or X-Amz-Signature parameter, i.e. the request claims query authentication.
[[nodiscard]] bool has_presigned_parameters(std::string_view query) noexcept;

// Parses the authentication parameters of a query. Never throws. Every required parameter missing,
// repeated or malformed is an error; X-Amz-Expires is only checked to be a number (the range
// 1..604800 is the verifier's rule, so that it can answer with S3's own message).
[[nodiscard]] AuthParse parse_presigned_query(std::string_view query);

}  // namespace sigv4
