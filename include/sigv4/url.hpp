// Parsing of absolute http(s) URLs into the parts signing needs (RFC 3986 section 3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigv4 {

struct ParsedUrl {
  std::string scheme;      // "http" or "https", lower-case
  std::string host;        // as written, brackets kept for IPv6 ("[::1]")
  std::optional<std::uint16_t> port;  // only when written in the URL
  std::string target;      // path and query as written ("/a%20b?x=1"); "/" when the URL has no path
  // The Host header value: host, plus ":port" when the port is written and is not the scheme's default
  // (the rule botocore and the Go and JS SDKs follow).
  [[nodiscard]] std::string host_header() const;
};

// Returns nullopt for anything that is not an absolute http/https URL with a non-empty host, a valid
// port (1..65535) and no spaces or control characters. The fragment ("#...") is dropped; userinfo is
// rejected (it would otherwise be sent to the server in the Host header).
std::optional<ParsedUrl> parse_url(std::string_view url);

// Splits a request target into path and query ("/a?b=c" -> "/a", "b=c"); no query -> "".
struct TargetParts {
  std::string_view path;
  std::string_view query;
  bool has_query = false;
};
TargetParts split_target(std::string_view target) noexcept;

}  // namespace sigv4
