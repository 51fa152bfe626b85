#include "sigv4/authorization_header.hpp"

#include "sigv4/crypto/hex.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"

namespace sigv4 {
namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Records a refusal (the message is only built on this path, so a good header costs no allocation).
AuthParseError fail(std::string& message_out, AuthParseError e, std::string message) {
  message_out = std::move(message);
  return e;
}

}  // namespace

AuthParseError parse_authorization_header(std::string_view value, AuthParameters& p, std::string& message) {
  value = trim(value);
  // The algorithm is everything up to the first space or tab: one of the two names followed by a
  // space, a tab or nothing; anything else is unsupported. (Matched as prefixes: finding the first
  // space first, with find_first_of(" \t"), called memchr once per byte of the algorithm.)
  auto ends_at = [&](std::string_view name) {
    return value.starts_with(name) &&
           (value.size() == name.size() || value[name.size()] == ' ' || value[name.size()] == '\t');
  };
  SigningAlgorithm kind;
  std::string_view algorithm;
  if (ends_at(kAlgorithmHmacSha256)) {
    kind = SigningAlgorithm::hmac_sha256;
    algorithm = kAlgorithmHmacSha256;
  } else if (ends_at(kAlgorithmEcdsaP256Sha256)) {
    kind = SigningAlgorithm::ecdsa_p256_sha256;
    algorithm = kAlgorithmEcdsaP256Sha256;
  } else {
    return fail(message, AuthParseError::unsupported_algorithm, "Unsupported Authorization Type");
  }
  const std::size_t space = value.size() == algorithm.size() ? std::string_view::npos : algorithm.size();
  const bool sigv4a = kind == SigningAlgorithm::ecdsa_p256_sha256;
  if (space == std::string_view::npos)
    return fail(message, AuthParseError::missing_component,
                "the authorization header requires a Credential, a SignedHeaders and a Signature component");
  std::string_view rest = value.substr(space + 1);

  std::optional<std::string_view> credential, signed_headers, signature;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view component = trim(rest.substr(0, comma));
    const auto eq = component.find('=');
    if (component.empty() || eq == std::string_view::npos)
      return fail(message, AuthParseError::malformed_component,
                  "the authorization header has a component that is not Name=Value: '" +
                      std::string(component.substr(0, 64)) + "'");
    const std::string_view name = trim(component.substr(0, eq));
    const std::string_view val = trim(component.substr(eq + 1));
    std::optional<std::string_view>* slot = nullptr;
    if (name == "Credential")
      slot = &credential;
    else if (name == "SignedHeaders")
      slot = &signed_headers;
    else if (name == "Signature")
      slot = &signature;
    else
      return fail(message, AuthParseError::unknown_component, "the authorization header has an unknown component '" +
                                                         std::string(name.substr(0, 64)) + "'");
    if (slot->has_value())
      return fail(message, AuthParseError::duplicate_component,
                  "the authorization header has the component '" + std::string(name) + "' twice");
    *slot = val;
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (!credential)
    return fail(message, AuthParseError::missing_component, "the authorization header has no Credential");
  if (!signed_headers)
    return fail(message, AuthParseError::missing_component, "the authorization header has no SignedHeaders");
  if (!signature) return fail(message, AuthParseError::missing_component, "the authorization header has no Signature");

  p.algorithm.assign(algorithm);
  p.signing_algorithm = kind;
  if (!parse_credential_field(*credential, kind, p.credential))
    return fail(message, AuthParseError::malformed_credential,
                sigv4a ? "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/SERVICE/aws4_request\""
                       : "the Credential is mal-formed; expecting "
                         "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"");
  if (!parse_signed_headers(*signed_headers, p.signed_headers))
    return fail(message, AuthParseError::malformed_signed_headers,
                "SignedHeaders must be a ';'-separated list of distinct lower-case header names");
  p.signed_headers_text.assign(*signed_headers);
  if (!is_signature_shape(*signature, kind))
    return fail(message, AuthParseError::malformed_signature,
                sigv4a ? "Signature must be a DER ECDSA signature in lower-case hexadecimal (16 to 144 characters)"
                       : "Signature must be 64 lower-case hexadecimal characters");
  p.signature.assign(*signature);
  // The query-only fields: the header form takes them from headers.
  p.amz_date.clear();
  p.expires.reset();
  p.security_token.reset();
  p.content_sha256.reset();
  p.region_set.reset();
  return AuthParseError::none;
}

AuthParse parse_authorization_header(std::string_view value) {
  AuthParse r;
  AuthParameters p;
  r.error = parse_authorization_header(value, p, r.message);
  if (r.error == AuthParseError::none) r.params = std::move(p);
  return r;
}

}  // namespace sigv4
