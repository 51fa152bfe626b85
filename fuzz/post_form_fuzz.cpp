// Fuzzes the browser POST upload path of `sigv4 serve`: the multipart/form-data parser (the first
// line gives the boundary), the form's reading as S3 does (post_upload_from_form) and the policy
// verification (verify_post_policy) on whatever fields it yields.
// Properties: nothing throws; parts never exceed the limits; a refusal carries an S3 error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sigv4/multipart_form.hpp"
#include "sigv4/post_policy.hpp"
#include "sigv4/verifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto eol = text.find('\n');
  const std::string_view first = text.substr(0, eol == std::string_view::npos ? text.size() : eol);
  const std::string_view body = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
  (void)sigv4::multipart_boundary(first);
  const sigv4::MultipartLimits limits{.max_parts = 16, .max_part_header_bytes = 512};
  const auto form = sigv4::parse_multipart_form(body, first, limits);
  if (!form.ok()) return 0;
  if (form.parts.size() > limits.max_parts) __builtin_trap();
  const auto upload = sigv4::post_upload_from_form(form.parts);
  if (!upload) return 0;
  static const sigv4::CredentialStore store = [] {
    sigv4::CredentialStore s;
    s.add("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    return s;
  }();
  sigv4::PostVerifyOptions options;
  options.bucket = "examplebucket";
  options.now = sigv4::SigningTime::from_unix_seconds(1795000000);
  const auto verdict = sigv4::verify_post_policy(upload->upload, store.lookup(), options);
  if (!verdict.ok() && verdict.error->name().empty()) __builtin_trap();
  return 0;
}
