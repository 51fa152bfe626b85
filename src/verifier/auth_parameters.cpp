#include "sigv4/auth_parameters.hpp"

#include <algorithm>

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

// A scope part: non-empty, printable ASCII, no '/' (it separates the parts) and no space.
bool is_scope_part(std::string_view s) noexcept {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7f && c != '/';
  });
}

// Splits "AKID/DATE[/REGION]/SERVICE/aws4_request" into out: `parts_after_key` parts (4 for SigV4, 3
// for SigV4a, which has no region) follow the access key id.
bool parse_scope_parts(std::string_view value, int parts_after_key, CredentialField& out) noexcept {
  // Split off the last parts; the access key id is what remains.
  std::string_view parts[4];
  std::string_view rest = value;
  for (int i = parts_after_key - 1; i >= 0; --i) {
    const auto slash = rest.rfind('/');
    if (slash == std::string_view::npos) return false;
    parts[i] = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  const bool with_region = parts_after_key == 4;
  const std::string_view akid = rest, date = parts[0], region = with_region ? parts[1] : std::string_view(),
                         service = parts[with_region ? 2 : 1], term = parts[with_region ? 3 : 2];
  // Exactly that many parts: an access key id never contains '/'.
  if (akid.empty() || akid.find('/') != std::string_view::npos || term != "aws4_request") return false;
  if (date.size() != 8 || !std::all_of(date.begin(), date.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  if ((with_region && !is_scope_part(region)) || !is_scope_part(service)) return false;
  if (!std::all_of(akid.begin(), akid.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c > 0x20 && c < 0x7f;
      }))
    return false;
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
  while (start <= value.size()) {
    // Each name must be a lower-case token: a byte is one when lower-casing it as a token changes
    // nothing (kLowerToken maps every other byte, ';' included, to 0; NUL is checked apart).
    std::size_t end = start;
    while (end < value.size() && value[end] != '\0' &&
           detail::kLowerToken[static_cast<unsigned char>(value[end])] == value[end])
      ++end;
    if (end < value.size() && value[end] != ';') return false;
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
