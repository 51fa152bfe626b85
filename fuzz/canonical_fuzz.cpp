// Fuzzes the canonicaliser's pieces directly: canonical URI (both encodings, with and without
// normalisation), percent decoding, canonical query (idempotent; with extra parameters as presigning
// adds them), header value trimming, time parsing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sigv4/canonical.hpp"
#include "sigv4/error.hpp"
#include "sigv4/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string out;
  static sigv4::CanonicalScratch scratch;
  for (auto enc : {sigv4::UriEncoding::double_encode, sigv4::UriEncoding::single_encode})
    for (auto norm : {sigv4::PathNormalization::normalize, sigv4::PathNormalization::as_given}) {
      out.clear();
      try {
        sigv4::append_canonical_uri(out, text, enc, norm);
        // A path that starts with / keeps it; any canonical URI is non-empty.
        if (out.empty() || (!text.empty() && text.front() == '/' && out.front() != '/')) __builtin_trap();
      } catch (const sigv4::Error&) {
      }
    }
  out.clear();
  try {
    sigv4::append_canonical_query(out, text, scratch);
    // A canonical query is its own canonical form.
    std::string again;
    sigv4::append_canonical_query(again, out, scratch);
    if (again != out) __builtin_trap();
  } catch (const sigv4::Error&) {
  }
  // With extra (decoded) parameters, as presigning adds them, and a key to skip: the query is what
  // precedes the first newline, the extras are the '&'-separated "key=value" pieces after it. The
  // encoded extras are left in scratch.params (views into the extras or into storage beside them).
  const std::size_t newline = text.find('\n');
  if (newline != std::string_view::npos) {
    std::vector<std::pair<std::string_view, std::string_view>> extra;
    std::string_view rest = text.substr(newline + 1);
    while (!rest.empty() && extra.size() < 64) {
      const std::size_t amp = rest.find('&');
      const std::string_view part = rest.substr(0, amp);
      const std::size_t eq = part.find('=');
      extra.emplace_back(part.substr(0, eq), eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    out.clear();
    try {
      sigv4::append_canonical_query(out, text.substr(0, newline), scratch, extra, {"X-Amz-Signature"});
      for (std::size_t i = 0; i < extra.size(); ++i) {
        std::string key, value;
        sigv4::append_uri_encoded(key, extra[i].first, false);
        sigv4::append_uri_encoded(value, extra[i].second, false);
        const auto& p = scratch.params[scratch.extra_begin + i];
        if (p.key != key || p.value != value) __builtin_trap();
        if (out.find(key + "=" + value) == std::string::npos) __builtin_trap();
      }
    } catch (const sigv4::Error&) {
    }
  }
  out.clear();
  sigv4::append_trimmed_header_value(out, text);
  (void)sigv4::is_valid_header_value(text);
  (void)sigv4::SigningTime::parse(text);
  return 0;
}
