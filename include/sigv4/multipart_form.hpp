// multipart/form-data bodies (RFC 7578, framing from RFC 2046 section 5.1.1), as browsers send S3 POST
// uploads: "--BOUNDARY\r\n" part headers, a blank line, the part's bytes, "\r\n--BOUNDARY", ...,
// "--BOUNDARY--". A server-side parser: never throws for any body; bad input gets an error message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4 {

struct FormPart {
  std::string name;                     // Content-Disposition: form-data; name="..."
  std::optional<std::string> filename;  // filename="..." (a file part)
  std::string content_type;             // the part's Content-Type, empty when absent
  std::string_view data;                // the part's bytes: a view into the parsed body
};

struct MultipartLimits {
  std::size_t max_parts = 1000;
  std::size_t max_part_header_bytes = 16 * 1024;
};

struct MultipartParse {
  std::vector<FormPart> parts;  // in body order
  std::string error;            // empty on success
  [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type (quoted or not), or
// nullopt when the type is not multipart/form-data or the boundary is missing, empty or over 70 bytes.
[[nodiscard]] std::optional<std::string> multipart_boundary(std::string_view content_type);

// Splits the body into parts. Lines may end in CRLF (or bare LF, which curl never sends but hand-made
// bodies do). Error for a body not starting with the delimiter, a part without Content-Disposition
// form-data and a name, a missing close delimiter, or more parts / header bytes than the limits allow.
[[nodiscard]] MultipartParse parse_multipart_form(std::string_view body, std::string_view boundary,
                                                  const MultipartLimits& limits = {});

}  // namespace sigv4
