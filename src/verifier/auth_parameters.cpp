#include "sigv4/auth_parameters.hpp"

#include <algorithm>
#include <array>

#include "../core/char_classes.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/crypto/hex.hpp"

namespace sigv4 {

std::string_view to_string(AuthParseError e) noexcept {
  switch (e) {
    case AuthParseError::none:
      return "none";
    case AuthParseError::unsupported_algorithm:
      return "unsupported_algorithm";
    case AuthParseError::missing_component:
      return "missing_component";
    case AuthParseError::duplicate_component:
      return "duplicate_component";
    case AuthParseError::unknown_component:
      return "unknown_component";
    case AuthParseError::malformed_component:
      return "malformed_component";
    case AuthParseError::malformed_credential:
      return "malformed_credential";
    case AuthParseError::malformed_signed_headers:
      return "malformed_signed_headers";
    case AuthParseError::malformed_signature:
      return "malformed_signature";
    case AuthParseError::malformed_date:
      return "malformed_date";
    case AuthParseError::malformed_expires:
      return "malformed_expires";
    case AuthParseError::malformed_query:
      return "malformed_query";
  }
  return "unknown";
}

namespace {

// Splits "AKID/DATE[/REGION]/SERVICE/aws4_request" into out: `parts_after_key` parts (4 for SigV4, 3
// for SigV4a, which has no region) follow the access key id. Valid exactly when every byte is printable
// ASCII other than space (0x21-0x7e), there are exactly that many '/' (an access key id never contains
// one), every part is non-empty, the date is 8 digits and the last part is "aws4_request". The byte
// check is one loop without early exit (vectorised); memchr finds the slashes.
bool parse_scope_parts(std::string_view value, int parts_after_key, CredentialField& out) noexcept {
  std::uint8_t bad = 0;
  for (const char ch : value)
    bad |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(ch - 0x21) > 0x7e - 0x21);
  if (bad != 0) return false;
  std::size_t slash[5];  // positions of the '/'s (parts_after_key <= 4 of them), then the end
  std::size_t slashes = 0;
  const auto max_slashes = static_cast<std::size_t>(parts_after_key);
  for (std::size_t at = value.find('/'); at != std::string_view::npos; at = value.find('/', at + 1)) {
    if (slashes == max_slashes) return false;
    slash[slashes++] = at;
  }
  if (slashes != max_slashes) return false;
  slash[slashes] = value.size();
  auto part = [&](std::size_t i) {  // the part after slash i (0 = date)
    return value.substr(slash[i] + 1, slash[i + 1] - slash[i] - 1);
  };
  const bool with_region = parts_after_key == 4;
  const std::string_view akid = value.substr(0, slash[0]), date = part(0),
                         region = with_region ? part(1) : std::string_view(),
                         service = part(with_region ? 2 : 1), term = part(with_region ? 3 : 2);
  if (akid.empty() || term != "aws4_request") return false;
  if (date.size() != 8 || !std::all_of(date.begin(), date.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  if ((with_region && region.empty()) || service.empty()) return false;
  try {
    out.access_key_id.assign(akid);
    out.date.assign(date);
    out.region.assign(region);
    out.service.assign(service);
    return true;
  } catch (...) {  // allocation failure: report as unreadable rather than throw from a parser
    return false;
  }
}

// The bytes of a signed header name: lower-case token characters (those kLowerToken maps to
// themselves; NUL is not one). One table lookup per byte while scanning the list.
constexpr std::array<bool, 256> make_lower_token_bytes() {
  std::array<bool, 256> t{};
  for (unsigned c = 1; c < 256; ++c) t[c] = static_cast<unsigned char>(detail::kLowerToken[c]) == c;
  return t;
}
constexpr std::array<bool, 256> kLowerTokenByte = make_lower_token_bytes();

}  // namespace

bool parse_credential_field(std::string_view value, CredentialField& out) noexcept {
  return parse_scope_parts(value, 4, out);
}

bool parse_credential_field(std::string_view value, SigningAlgorithm algorithm, CredentialField& out) noexcept {
  return parse_scope_parts(value, algorithm == SigningAlgorithm::hmac_sha256 ? 4 : 3, out);
}

std::optional<CredentialField> parse_sigv4a_credential_field(std::string_view value) noexcept {
  try {
    CredentialField field;
    if (!parse_scope_parts(value, 3, field)) return std::nullopt;
    return field;
  } catch (...) {
    return std::nullopt;
  }
}

bool is_signature_shape(std::string_view signature, SigningAlgorithm algorithm) noexcept {
  if (algorithm == SigningAlgorithm::hmac_sha256) return signature.size() == 64 && crypto::is_lower_hex(signature);
  // A DER ECDSA P-256 signature is 8 to 72 bytes.
  return signature.size() >= 16 && signature.size() <= 144 && signature.size() % 2 == 0 &&
         crypto::is_lower_hex(signature);
}

std::optional<CredentialField> parse_credential_field(std::string_view value) noexcept {
  try {
    CredentialField field;
    if (!parse_credential_field(value, field)) return std::nullopt;
    return field;
  } catch (...) {
    return std::nullopt;
  }
}

bool parse_signed_headers(std::string_view value, std::vector<std::string>& out) {
  if (value.empty()) return false;
  std::size_t count = 0;
  std::size_t start = 0;
  const char* const text = value.data();
  const std::size_t size = value.size();
  while (start <= size) {
    // Each name must be a lower-case token (';' is not a token character).
    std::size_t end = start;
    while (end < size && kLowerTokenByte[static_cast<unsigned char>(text[end])]) ++end;
    if (end < size && text[end] != ';') return false;
    const std::string_view name = value.substr(start, end - start);
    if (name.empty()) return false;
    const auto listed = out.begin() + static_cast<std::ptrdiff_t>(count);
    if (std::find(out.begin(), listed, name) != listed) return false;
    // Overwrite the elements already there so their storage is reused across calls.
    if (count < out.size())
      out[count].assign(name);
    else
      out.emplace_back(name);
    ++count;
    start = end + 1;
  }
  out.resize(count);
  return true;
}

std::optional<std::vector<std::string>> parse_signed_headers(std::string_view value) {
  std::vector<std::string> names;
  if (!parse_signed_headers(value, names)) return std::nullopt;
  return names;
}

}  // namespace sigv4
