// Fuzzes the raw-request parser and, for every request it accepts, the whole signing pipeline
// (canonical URI in both encodings, canonical query, headers, presigning): bad input must give a
// sigv4::Error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/sigv4.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = sigv4::parse_raw_request(text);
  if (!parsed.request) return 0;
  static const sigv4::Credentials creds("AKIDEXAMPLE", "secret", "token");
  static const sigv4::SigningScope scope{sigv4::SigningTime::from_unix_seconds(1440938160), "us-east-1", "s3"};
  static sigv4::SigningResult result;
  std::vector<sigv4::HeaderView> views;
  const auto view = parsed.request->view(views);
  const sigv4::SigningSettings variants[] = {sigv4::SigningSettings(), sigv4::SigningSettings::s3(),
                                             sigv4::SigningSettings::s3_presign(60)};
  for (const auto& settings : variants) {
    try {
      sigv4::sign_request(view, sigv4::Body::bytes(parsed.request->body), creds, scope, settings, result);
    } catch (const sigv4::Error&) {
    }
  }
  (void)sigv4::format_raw_request(*parsed.request);
  return 0;
}
