// Parser for a raw HTTP/1.1 request in the aws-c-auth test-suite format (request.txt): a request line
// "METHOD <target> HTTP/1.1" whose target is taken exactly as written (it may hold raw spaces or
// UTF-8), "Name:value" header lines (whitespace after the colon belongs to the value), lines starting
// with SP/HTAB continue the previous value (kept as "\n" + the line), a blank line, then the body.
// Lines may end in CRLF or LF. Bad input gets an error message, never an exception.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sigv4/request.hpp"

namespace sigv4 {

struct RawRequestLimits {
  std::size_t max_line_length = 64 * 1024;
  std::size_t max_headers = 500;
  std::size_t max_header_bytes = 1024 * 1024;
};

struct RawRequestParse {
  std::optional<HttpRequest> request;  // set on success (body = everything after the blank line)
  std::string error;                   // set on failure: what is wrong and on which line
  std::size_t header_bytes = 0;        // offset of the body in the input
};

[[nodiscard]] RawRequestParse parse_raw_request(std::string_view text, const RawRequestLimits& limits = {});

// Serialises a request in the same format (CRLF line endings unless lf_only).
std::string format_raw_request(const HttpRequest& request, bool lf_only = false);

}  // namespace sigv4
