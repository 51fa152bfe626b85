// Fuzzes the parsers of what a request claims about its signature: the Authorization header, the
// presigned query, and the Credential / SignedHeaders fields both share. They face untrusted input:
// never a crash or an exception, and whatever they accept obeys the rules their header documents.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/auth_parameters.hpp"
#include "sigv4/authorization_header.hpp"
#include "sigv4/presigned_query.hpp"

namespace {

bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// What every accepted claim must satisfy, in either location.
void check_claim(const sigv4::AuthParse& parse) {
  if (!parse.ok()) {
    // A refusal always says why.
    if (parse.error == sigv4::AuthParseError::none || parse.message.empty()) __builtin_trap();
    return;
  }
  const auto& p = *parse.params;
  if (parse.error != sigv4::AuthParseError::none) __builtin_trap();
  if (p.algorithm != "AWS4-HMAC-SHA256") __builtin_trap();
  if (p.signature.size() != 64 || !is_lower_hex(p.signature)) __builtin_trap();
  if (p.signed_headers.empty() || p.credential.access_key_id.empty() || p.credential.date.size() != 8)
    __builtin_trap();
  // The list as written parses to the same names.
  const auto again = sigv4::parse_signed_headers(p.signed_headers_text);
  if (!again || *again != p.signed_headers) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_claim(sigv4::parse_authorization_header(text));
  // A presigned query: the input as a whole query, and the query part of a request target.
  const bool claims = sigv4::has_presigned_parameters(text);
  const auto query = sigv4::parse_presigned_query(text);
  check_claim(query);
  if (query.ok() && !claims) __builtin_trap();  // accepted parameters were there to be seen
  if (const auto q = text.find('?'); q != std::string_view::npos) check_claim(sigv4::parse_presigned_query(text.substr(q + 1)));

  if (const auto credential = sigv4::parse_credential_field(text)) {
    if (credential->access_key_id.empty() || credential->date.size() != 8) __builtin_trap();
    for (char c : credential->date)
      if (c < '0' || c > '9') __builtin_trap();
  }
  if (const auto names = sigv4::parse_signed_headers(text)) {
    if (names->empty()) __builtin_trap();
    for (const auto& n : *names)
      for (char c : n)
        if (n.empty() || (c >= 'A' && c <= 'Z') || c == ';') __builtin_trap();
  }
  return 0;
}
