// The SigV4a region set (X-Amz-Region-Set): the regions in which one SigV4a signature is valid.
//
// Syntax, as the AWS SDKs write it: region names joined by ",", where a region name may contain '*'
// as a wildcard for any run of characters ("*" alone means every region, "us-*" every US region).
#pragma once

#include <string>
#include <string_view>

namespace sigv4 {

// Writes the canonical form of a region set to out: elements trimmed of spaces and tabs, joined by
// ",". Each element must be non-empty and consist of ASCII letters, digits, '-' and '*'. Throws
// sigv4::Error(invalid_region) otherwise (an empty set, "us-east-1,,x", "us east 1", "a/b").
void normalize_region_set(std::string_view region_set, std::string& out);

// True when `region` (e.g. the region a server runs in) is matched by at least one element of
// `region_set`: equal to it (ASCII case-insensitively), or matching its '*' wildcards. An empty
// region or a malformed set (see normalize_region_set) matches nothing; never throws.
[[nodiscard]] bool region_set_contains(std::string_view region_set, std::string_view region) noexcept;

}  // namespace sigv4
