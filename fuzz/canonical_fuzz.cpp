// Fuzzes the canonicaliser's pieces directly: canonical URI (both encodings, with and without
// normalisation), percent decoding, canonical query, header value trimming, time parsing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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
  } catch (const sigv4::Error&) {
  }
  out.clear();
  sigv4::append_trimmed_header_value(out, text);
  (void)sigv4::is_valid_header_value(text);
  (void)sigv4::SigningTime::parse(text);
  return 0;
}
