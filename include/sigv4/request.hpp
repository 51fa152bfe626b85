// The request model the signer reads: a narrow, non-owning view (method, request target, headers),
// so that anything able to list its headers can be signed without copying it into our types.
// HttpRequest is an owning convenience type for callers without an HTTP type of their own.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4 {

struct HeaderView {
  std::string_view name;
  std::string_view value;
};

struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

// What the signer needs of an HTTP request.
struct RequestView {
  // The HTTP method as sent ("GET"); must be an HTTP token.
  std::string_view method;
  // The request target in origin form exactly as it goes on the wire: "/path?query". The path is
  // expected to be percent-encoded already (as every SDK sends it); raw spaces and non-ASCII bytes are
  // tolerated and encoded. A missing path ("" or "?a=b") means "/".
  std::string_view target;
  // Every header, repeats included, in order. Names are case-insensitive. A value may contain
  // obs-fold continuation lines ("a\n  b"); any other CR or LF is an error.
  std::span<const HeaderView> headers;
  // Only used to build presigned_url: "https" or "http".
  std::string_view scheme = "https";
};

// An owning request, e.g. parsed from a raw HTTP request or built from a URL.
struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<Header> headers;
  std::string body;
  std::string scheme = "https";

  // Builds a request for an absolute http(s) URL; adds a Host header derived from it.
  // Throws sigv4::Error(malformed_url) for a URL parse_url() rejects.
  static HttpRequest from_url(std::string_view method, std::string_view url);

  // Views over this request's headers (fills `storage`, which must outlive the view).
  [[nodiscard]] RequestView view(std::vector<HeaderView>& storage) const;

  // First header with this name (case-insensitive), or nullptr.
  [[nodiscard]] const Header* find_header(std::string_view name) const noexcept;
  // Replaces every header with this name by one header, or appends it.
  void set_header(std::string_view name, std::string_view value);
};

// Inline: the verifier and the signer call it once per header per lookup, and most calls end at
// the size check.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    x = static_cast<unsigned char>(x + (static_cast<unsigned>(x - 'A') < 26u ? 32 : 0));
    y = static_cast<unsigned char>(y + (static_cast<unsigned>(y - 'A') < 26u ? 32 : 0));
    if (x != y) return false;
  }
  return true;
}

}  // namespace sigv4
