// The pieces of the SigV4 canonical request (SigV4 documentation, "Create a canonical request"):
//   METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
// Each function appends to `out` and throws sigv4::Error for input that has no canonical form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"

namespace sigv4 {

// RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~): the only bytes SigV4 never encodes.
constexpr bool is_unreserved(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// Percent-encodes every byte but the unreserved ones (and '/' when keep_slash), as "%XX" upper-case.
void append_uri_encoded(std::string& out, std::string_view in, bool keep_slash);

// Decodes "%XX" escapes ('+' stays '+'). Throws Error(malformed_percent_escape) for a '%' not
// followed by two hex digits.
void append_percent_decoded(std::string& out, std::string_view in);

// Canonical URI of a request path (the part of the target before '?').
void append_canonical_uri(std::string& out, std::string_view path, UriEncoding encoding,
                          PathNormalization normalization);

// remove_dot_segments (RFC 3986 5.2.4) with empty segments removed and a trailing '/' kept when
// something remains, as botocore and the JS SDK do: "/a/./b/../c//d/" -> "/a/c/d/".
void append_normalized_path(std::string& out, std::string_view path);

// Reusable storage for canonicalisation, so a caller that keeps one allocates nothing after warm-up.
struct CanonicalScratch {
  // A canonical (encoded) query parameter. key and value view the caller's query or extra parameter
  // when encoding leaves it unchanged (all unreserved, nothing to decode: most parameters), else the
  // storage beside them; so they are valid only while the inputs of the call that filled them are.
  struct Param {
    std::string_view key;
    std::string_view value;
    std::string key_storage;
    std::string value_storage;
    bool key_stored = false;
    bool value_stored = false;
  };
  std::vector<Param> params;
  std::vector<std::uint32_t> order;         // query parameter order
  std::vector<std::uint32_t> header_order;  // header order (kept apart: both are live at once)
  struct HeaderEntry {
    std::string name;  // lower-case
    std::string_view value;
    std::uint64_t sort_key = 0;  // the name's first 8 bytes, big-endian, zero-padded: most compares end here
    std::uint8_t kind = 0;       // which header the signer manages, if any (signer.cpp)
    bool plain = false;          // no control byte and no space: the value is its own canonical form
  };
  std::vector<HeaderEntry> headers;
  std::string text;
  std::size_t extra_begin = 0;  // see append_canonical_query
};

// One query parameter, decoded (used to add X-Amz-* parameters and to skip X-Amz-Signature).
struct QueryParam {
  std::string_view key;    // encoded as on the wire
  std::string_view value;  // encoded as on the wire
};

// Canonical query string: split on '&', each at its first '=' (no '=' -> empty value), percent-decode,
// re-encode (unreserved kept), sort by encoded key then encoded value (byte order), join with '&'.
// Empty parameters ("a=1&&b=2") are skipped. `extra` parameters (already decoded) are added as if
// they had been in the query; parameters whose decoded key is in `skip_keys` are left out.
// When `extra` is not empty, the encoded extra parameters are left, in their given order, in
// scratch.params[scratch.extra_begin ...] (the signer writes them into the presigned URL from there
// instead of encoding them a second time; they view `extra` and `query`, so only while those live).
void append_canonical_query(std::string& out, std::string_view query, CanonicalScratch& scratch,
                            const std::vector<std::pair<std::string_view, std::string_view>>& extra = {},
                            std::initializer_list<std::string_view> skip_keys = {});

// Whether a header name is an HTTP token (RFC 9110 5.6.2); values may hold obs-fold but no other CR/LF.
bool is_valid_header_name(std::string_view name) noexcept;
bool is_valid_header_value(std::string_view value) noexcept;

// Trims the value and collapses every run of whitespace (SP, HTAB, and the CR/LF of folded lines)
// to a single space.
void append_trimmed_header_value(std::string& out, std::string_view value);

}  // namespace sigv4
