#include "sigv4/canonical.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "char_classes.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/error.hpp"
#include "string_writer.hpp"

namespace sigv4 {
namespace {

using detail::has_class;
using detail::kHeaderSpace;
using detail::kPathAsIs;
using detail::kPlainValue;
using detail::kToken;
using detail::kUnreserved;
using detail::kUnreservedOrSlash;
using detail::run_of;

constexpr char kUpperHex[] = "0123456789ABCDEF";

[[noreturn]] void throw_bad_escape(std::string_view where, std::string_view text) {
  throw Error(ErrorCode::malformed_percent_escape,
              "malformed percent escape in " + std::string(where) + " '" + std::string(text.substr(0, 200)) +
                  "': '%' must be followed by two hex digits");
}

void check_escapes(std::string_view where, std::string_view s) {
  for (std::size_t i = s.find('%'); i != std::string_view::npos; i = s.find('%', i + 3)) {
    if (i + 2 >= s.size() || crypto::hex_digit_value(s[i + 1]) < 0 || crypto::hex_digit_value(s[i + 2]) < 0)
      throw_bad_escape(where, s);
  }
}

// Appends `in` with every byte whose class is not in `keep` written as "%XX" (upper-case hex): the one
// escaping loop of the canonicaliser (URI encoding, the S3 path). A prefix with nothing to escape, which
// is all of most inputs (parameter names, most values and paths), is appended at once; the rest is
// written through a pointer into room for the worst case (every byte escaped): one size check instead
// of an append call per run and per escape, which made URI encoding a fifth of a presign (each
// X-Amz-Credential '/' and SignedHeaders ';' is an escape).
void append_escaping(std::string& out, std::string_view in, std::uint8_t keep) {
  const std::size_t plain = run_of(in, 0, keep);
  out.append(in.data(), plain);
  if (plain == in.size()) return;
  in.remove_prefix(plain);
  detail::StringWriter w(out, 3 * in.size());
  char* o = w.cursor();
  for (const char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (has_class(ch, keep)) {
      *o++ = ch;
    } else {
      o[0] = '%';
      o[1] = kUpperHex[c >> 4];
      o[2] = kUpperHex[c & 15];
      o += 3;
    }
  }
  w.advance_to(o);
}

}  // namespace

void append_uri_encoded(std::string& out, std::string_view in, bool keep_slash) {
  append_escaping(out, in, keep_slash ? kUnreservedOrSlash : kUnreserved);
}

void append_percent_decoded(std::string& out, std::string_view in) {
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t pct = in.find('%', i);
    if (pct == std::string_view::npos) pct = in.size();
    out.append(in.data() + i, pct - i);
    if (pct == in.size()) return;
    if (pct + 2 >= in.size()) throw_bad_escape("query", in);
    const int hi = crypto::hex_digit_value(in[pct + 1]), lo = crypto::hex_digit_value(in[pct + 2]);
    if (hi < 0 || lo < 0) throw_bad_escape("query", in);
    out.push_back(static_cast<char>(hi << 4 | lo));
    i = pct + 3;
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
  append_escaping(out, source, kPathAsIs);
}

namespace {

// Whether a query is already its own canonical form, as most SDKs send it: non-empty "key=value" pairs
// of unreserved characters only (so decoding and re-encoding change nothing), sorted by key then
// value, none of them a key to skip. Such a query is copied as is, without the split, decode,
// encode and sort below.
bool is_canonical_already(std::string_view query, std::initializer_list<std::string_view> skip_keys) noexcept {
  if (query.empty()) return false;
  std::string_view prev_key, prev_value;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view part = query.substr(pos, amp - pos);
    pos = amp + 1;
    const std::size_t eq = part.find('=');
    if (eq == 0 || eq == std::string_view::npos) return false;
    const std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (run_of(key, 0, kUnreserved) != key.size() || run_of(value, 0, kUnreserved) != value.size()) return false;
    if (std::find(skip_keys.begin(), skip_keys.end(), key) != skip_keys.end()) return false;
    if (!prev_key.empty()) {
      const int c = prev_key.compare(key);
      if (c > 0 || (c == 0 && prev_value.compare(value) > 0)) return false;
    }
    prev_key = key;
    prev_value = value;
  }
  return true;
}

}  // namespace

void append_canonical_query(std::string& out, std::string_view query, CanonicalScratch& scratch,
                            const std::vector<std::pair<std::string_view, std::string_view>>& extra,
                            std::initializer_list<std::string_view> skip_keys) {
  if (extra.empty() && is_canonical_already(query, skip_keys)) {
    out.append(query);
    return;
  }
  std::size_t n = 0;
  auto next_param = [&]() -> CanonicalScratch::Param& {
    if (n == scratch.params.size()) scratch.params.emplace_back();
    auto& p = scratch.params[n++];
    p.key_stored = false;
    p.value_stored = false;
    return p;
  };
  // The canonical (encoded) form of a query part: the part itself when it holds only unreserved
  // bytes (it decodes and re-encodes to itself: most parts), viewed, not copied; else `decoded` (the
  // part percent-decoded; extra parameters come decoded) encoded into the parameter's storage.
  auto set_canonical = [](std::string_view part, std::string_view decoded, std::string_view& view,
                          std::string& storage, bool& stored) {
    if (run_of(part, 0, kUnreserved) == part.size()) {
      view = part;
      return;
    }
    storage.clear();
    append_uri_encoded(storage, decoded, false);
    stored = true;
  };
  // A raw part percent-decoded: the part itself when it holds no escape, else in scratch.text.
  auto decode = [&](std::string_view raw) -> std::string_view {
    if (raw.find('%') == std::string_view::npos) return raw;
    scratch.text.clear();
    append_percent_decoded(scratch.text, raw);
    return scratch.text;
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
    const std::string_view key = decode(raw_key);
    if (std::find(skip_keys.begin(), skip_keys.end(), key) != skip_keys.end()) {
      check_escapes("query", raw_value);
      continue;
    }
    auto& p = next_param();
    set_canonical(raw_key, key, p.key, p.key_storage, p.key_stored);  // before decode() reuses scratch.text
    set_canonical(raw_value, decode(raw_value), p.value, p.value_storage, p.value_stored);
  }
  scratch.extra_begin = n;
  for (const auto& [k, v] : extra) {
    auto& p = next_param();
    set_canonical(k, k, p.key, p.key_storage, p.key_stored);
    set_canonical(v, v, p.value, p.value_storage, p.value_stored);
  }
  // Only now: a stored string may have moved while params grew.
  std::size_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto& p = scratch.params[i];
    if (p.key_stored) p.key = p.key_storage;
    if (p.value_stored) p.value = p.value_storage;
    total += p.key.size() + 1 + p.value.size() + 1;
  }
  scratch.order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) scratch.order[i] = i;
  const auto& params = scratch.params;
  std::sort(scratch.order.begin(), scratch.order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int c = params[a].key.compare(params[b].key);
    return c != 0 ? c < 0 : params[a].value < params[b].value;
  });
  detail::StringWriter w(out, total);
  for (std::size_t i = 0; i < n; ++i) {
    if (i) w.put('&');
    const auto& p = params[scratch.order[i]];
    w.put(p.key);
    w.put('=');
    w.put(p.value);
  }
}

bool is_valid_header_name(std::string_view name) noexcept {
  return !name.empty() && run_of(name, 0, kToken) == name.size();
}

bool is_valid_header_value(std::string_view v) noexcept {
  // Almost every value has no control byte at all: one vectorisable pass without early exit says so.
  std::uint8_t any_control = 0;  // a byte-wide accumulator: GCC vectorises this, not a bool one
  for (char ch : v) {
    const auto c = static_cast<std::uint8_t>(ch);
    any_control |= static_cast<std::uint8_t>((c < 0x20) | (c == 0x7f));
  }
  if (any_control == 0) return true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    i += run_of(v, i, kPlainValue);
    if (i == v.size()) break;
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
  detail::StringWriter w(out, value.size());
  w.advance_to(detail::write_trimmed_header_value(w.cursor(), value));
}

}  // namespace sigv4
