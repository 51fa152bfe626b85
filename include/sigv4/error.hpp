// Errors raised by the signer for bad input.
//
// The signer throws sigv4::Error for input a caller controls (a malformed URL, a header value with a
// bare CR/LF, an expiry out of range): signing such a request would produce a signature no server
// accepts, so we refuse loudly instead of signing something silently wrong. Parsers and the verifier,
// which face untrusted input, return results with error codes instead of throwing.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace sigv4 {

enum class ErrorCode {
  invalid_time,            // time not in YYYYMMDDTHHMMSSZ or ISO-8601 UTC form, or out of range
  invalid_region,          // empty region or one with characters that cannot appear in a scope
  invalid_service,         // empty service or one with characters that cannot appear in a scope
  invalid_credentials,     // empty access key id or secret
  invalid_method,          // empty method or one with characters outside the HTTP token set
  invalid_header_name,     // empty name or characters outside the HTTP token set (RFC 9110 5.1)
  invalid_header_value,    // CR or LF not part of a folded continuation line, or NUL
  malformed_url,           // not absolute http(s) URL, bad port, bad host, bad request target
  malformed_percent_escape,// '%' not followed by two hex digits
  missing_host,            // no Host header and none derivable from the URL
  expires_out_of_range,    // X-Amz-Expires outside 1..604800
  invalid_payload_hash,    // a caller-supplied payload hash that is not 64 lower-case hex characters
  invalid_argument,        // any other argument the signer cannot use (message says which)
  io_error,                // reading the body source failed
};

std::string_view to_string(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace sigv4
