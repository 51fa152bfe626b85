// JSON string escaping (RFC 8259 section 7) for the small JSON documents the service helpers write by
// hand in a fixed field order (ExecCredential, POST policy). Private to the library.
#pragma once

#include <string>
#include <string_view>

namespace sigv4::detail {

// Appends `"` + the escaped text + `"`: quote, backslash and control characters are escaped; other
// bytes (UTF-8 included) are copied as they are.
void append_json_string(std::string& out, std::string_view text);

}  // namespace sigv4::detail
