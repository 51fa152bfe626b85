#include "sigv4/url.hpp"

#include <charconv>

namespace sigv4 {
namespace {

bool is_forbidden_url_char(unsigned char c) noexcept { return c <= 0x20 || c == 0x7f; }

bool valid_reg_name_char(unsigned char c) noexcept {
  // RFC 3986 reg-name: unreserved / pct-encoded / sub-delims. We do not accept '%' in host names.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' ||
         c == '+' || c == ',' || c == ';' || c == '=';
}

}  // namespace

std::string ParsedUrl::host_header() const {
  if (!port) return host;
  if ((scheme == "https" && *port == 443) || (scheme == "http" && *port == 80)) return host;
  return host + ":" + std::to_string(*port);
}

std::optional<ParsedUrl> parse_url(std::string_view url) {
  for (char c : url)
    if (is_forbidden_url_char(static_cast<unsigned char>(c))) return std::nullopt;
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  ParsedUrl out;
  for (char c : url.substr(0, colon)) out.scheme.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const std::size_t auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view target = auth_end == std::string_view::npos ? std::string_view{} : rest.substr(auth_end);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close < 3) return std::nullopt;
    for (char c : authority.substr(1, close - 1))
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return std::nullopt;
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else {
    if (auto c = authority.rfind(':'); c != std::string_view::npos) {
      host = authority.substr(0, c);
      port = authority.substr(c + 1);
      if (port.empty()) return std::nullopt;
    }
    for (char c : host)
      if (!valid_reg_name_char(static_cast<unsigned char>(c))) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  out.host = std::string(host);
  if (!port.empty()) {
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || p != port.data() + port.size() || value == 0 || value > 65535) return std::nullopt;
    out.port = static_cast<std::uint16_t>(value);
  }
  if (target.empty()) {
    out.target = "/";
  } else if (target.front() == '?') {
    out.target = "/" + std::string(target);
  } else {
    out.target = std::string(target);
  }
  return out;
}

TargetParts split_target(std::string_view target) noexcept {
  TargetParts parts;
  const auto q = target.find('?');
  if (q == std::string_view::npos) {
    parts.path = target;
  } else {
    parts.path = target.substr(0, q);
    parts.query = target.substr(q + 1);
    parts.has_query = true;
  }
  return parts;
}

}  // namespace sigv4
