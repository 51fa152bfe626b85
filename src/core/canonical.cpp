#include "sigv4/canonical.hpp"

#include <algorithm>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/error.hpp"

namespace sigv4 {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

void append_escape(std::string& out, unsigned char c) {
  const char esc[3] = {'%', kUpperHex[c >> 4], kUpperHex[c & 15]};
  out.append(esc, 3);
}

[[noreturn]] void throw_bad_escape(std::string_view where, std::string_view text) {
  throw Error(ErrorCode::malformed_percent_escape,
              "malformed percent escape in " + std::string(where) + " '" + std::string(text.substr(0, 200)) +
                  "': '%' must be followed by two hex digits");
}

void check_escapes(std::string_view where, std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') continue;
    if (i + 2 >= s.size() || crypto::hex_digit_value(s[i + 1]) < 0 || crypto::hex_digit_value(s[i + 2]) < 0)
      throw_bad_escape(where, s);
    i += 2;
  }
}

// Characters RFC 3986 allows raw in a path segment besides unreserved ones (sub-delims, ':', '@').
constexpr bool is_path_sub_delim(unsigned char c) noexcept {
  switch (c) {
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';':
    case '=': case ':': case '@':
      return true;
    default:
      return false;
  }
}

constexpr bool is_tchar(unsigned char c) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

constexpr bool is_header_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

void append_uri_encoded(std::string& out, std::string_view in, bool keep_slash) {
  for (char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/'))
      out.push_back(ch);
    else
      append_escape(out, c);
  }
}

void append_percent_decoded(std::string& out, std::string_view in) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) throw_bad_escape("query", in);
    const int hi = crypto::hex_digit_value(in[i + 1]), lo = crypto::hex_digit_value(in[i + 2]);
    if (hi < 0 || lo < 0) throw_bad_escape("query", in);
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
}

void append_normalized_path(std::string& out, std::string_view path) {
  if (path.empty()) {
    out.push_back('/');
    return;
  }
  const std::size_t start = out.size();
  if (path.front() == '/') out.push_back('/');
  std::size_t segments = 0;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(pos, end - pos);
    pos = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (segments > 0) {
        // Drop the last segment and the '/' before it (or the leading '/' stays).
        std::size_t cut = out.rfind('/');
        const bool first_segment = segments == 1;
        if (first_segment) {
          out.resize(path.front() == '/' ? start + 1 : start);
        } else {
          out.resize(cut);
        }
        --segments;
      }
      continue;
    }
    if (segments > 0) out.push_back('/');
    out.append(seg);
    ++segments;
  }
  if (segments > 0 && path.back() == '/') out.push_back('/');
  if (out.size() == start) out.push_back('/');
}

void append_canonical_uri(std::string& out, std::string_view path, UriEncoding encoding,
                          PathNormalization normalization) {
  check_escapes("path", path);
  if (path.empty()) {
    out.push_back('/');
    return;
  }
  std::string_view source = path;
  thread_local std::string normalized;
  if (normalization == PathNormalization::normalize) {
    normalized.clear();
    append_normalized_path(normalized, path);
    source = normalized;
  }
  if (encoding == UriEncoding::double_encode) {
    append_uri_encoded(out, source, /*keep_slash=*/true);
    return;
  }
  for (char ch : source) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || c == '/' || c == '%' || is_path_sub_delim(c))
      out.push_back(ch);
    else
      append_escape(out, c);
  }
}

void append_canonical_query(std::string& out, std::string_view query, CanonicalScratch& scratch,
                            const std::vector<std::pair<std::string_view, std::string_view>>& extra,
                            std::initializer_list<std::string_view> skip_keys) {
  std::size_t n = 0;
  auto next_param = [&]() -> CanonicalScratch::Param& {
    if (n == scratch.params.size()) scratch.params.emplace_back();
    auto& p = scratch.params[n++];
    p.key.clear();
    p.value.clear();
    return p;
  };
  std::size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view part = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    const std::string_view raw_key = part.substr(0, eq);
    const std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
    scratch.text.clear();
    append_percent_decoded(scratch.text, raw_key);
    if (std::find(skip_keys.begin(), skip_keys.end(), std::string_view(scratch.text)) != skip_keys.end()) {
      check_escapes("query", raw_value);
      continue;
    }
    auto& p = next_param();
    append_uri_encoded(p.key, scratch.text, false);
    scratch.text.clear();
    append_percent_decoded(scratch.text, raw_value);
    append_uri_encoded(p.value, scratch.text, false);
  }
  for (const auto& [k, v] : extra) {
    auto& p = next_param();
    append_uri_encoded(p.key, k, false);
    append_uri_encoded(p.value, v, false);
  }
  scratch.order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) scratch.order[i] = i;
  const auto& params = scratch.params;
  std::sort(scratch.order.begin(), scratch.order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int c = params[a].key.compare(params[b].key);
    return c != 0 ? c < 0 : params[a].value < params[b].value;
  });
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out.push_back('&');
    const auto& p = params[scratch.order[i]];
    out.append(p.key);
    out.push_back('=');
    out.append(p.value);
  }
}

bool is_valid_header_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (char c : name)
    if (!is_tchar(static_cast<unsigned char>(c))) return false;
  return true;
}

bool is_valid_header_value(std::string_view v) noexcept {
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c == '\r') {
      if (i + 1 >= v.size() || v[i + 1] != '\n') return false;
      continue;  // the '\n' is checked next
    }
    if (c == '\n') {
      // obs-fold (RFC 9112 5.2): a line break must be followed by SP or HTAB.
      if (i + 1 >= v.size() || (v[i + 1] != ' ' && v[i + 1] != '\t')) return false;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

void append_trimmed_header_value(std::string& out, std::string_view value) {
  std::size_t b = 0, e = value.size();
  while (b < e && is_header_space(value[b])) ++b;
  while (e > b && is_header_space(value[e - 1])) --e;
  bool in_space = false;
  for (std::size_t i = b; i < e; ++i) {
    const char c = value[i];
    if (is_header_space(c)) {
      in_space = true;
      continue;
    }
    if (in_space) {
      out.push_back(' ');
      in_space = false;
    }
    out.push_back(c);
  }
}

}  // namespace sigv4
