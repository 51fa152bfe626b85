// JSON string escaping (RFC 8259 section 7) for the small JSON documents the service helpers write by
// hand in a fixed field order (ExecCredential, POST policy). Private to the library.
#pragma once

#include <string>
#include <string_view>

namespace sigv4::detail {

// Appends `"` + the escaped text + `"`: quote, backslash and control characters are escaped; other
// bytes (UTF-8 included) are copied as they are.
void append_json_string(std::string& out, std::string_view text);

// Like append_json_string, but as Python's json.dumps (ensure_ascii) writes it, so documents compare
// byte for byte with botocore's: every character outside ' '..'~' is escaped, non-ASCII as \uXXXX
// (UTF-16, surrogate pairs above U+FFFF, lower-case hex). `text` must be valid UTF-8 (is_valid_utf8).
void append_json_string_ascii(std::string& out, std::string_view text);

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace sigv4::detail
