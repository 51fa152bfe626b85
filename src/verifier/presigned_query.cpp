#include "sigv4/presigned_query.hpp"

#include <charconv>

#include "sigv4/crypto/hex.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {
namespace {

// Percent-decodes into out; false for a '%' not followed by two hex digits.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = crypto::hex_digit_value(in[i + 1]);
    const int lo = crypto::hex_digit_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return true;
}

AuthParse fail(AuthParseError e, std::string message) {
  AuthParse r;
  r.error = e;
  r.message = std::move(message);
  return r;
}

enum Slot {
  kAlgorithm,
  kCredential,
  kDate,
  kExpires,
  kSignedHeaders,
  kSignature,
  kToken,
  kContentSha256,
  kRegionSet,
  kSlots
};
constexpr std::string_view kNames[kSlots] = {"X-Amz-Algorithm",      "X-Amz-Credential",     "X-Amz-Date",
                                             "X-Amz-Expires",        "X-Amz-SignedHeaders",  "X-Amz-Signature",
                                             "X-Amz-Security-Token", "X-Amz-Content-Sha256", "X-Amz-Region-Set"};

// Calls f(raw_key, raw_value) for every non-empty '&'-separated parameter.
template <class F>
void for_each_param(std::string_view query, F&& f) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view param = query.substr(start, end - start);
    if (!param.empty()) {
      const auto eq = param.find('=');
      f(param.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1));
    }
    start = end + 1;
  }
}

}  // namespace

bool has_presigned_parameters(std::string_view query) noexcept {
  bool found = false;
  try {
    std::string key;
    static_assert(kNames[kAlgorithm].size() <= kNames[kCredential].size() &&
                  kNames[kAlgorithm].size() <= kNames[kSignature].size());
    auto is_ours = [](std::string_view name) {
      return name == kNames[kAlgorithm] || name == kNames[kCredential] || name == kNames[kSignature];
    };
    for_each_param(query, [&](std::string_view k, std::string_view) {
      // Decoding never lengthens a key, and the shortest of the three names has 15 bytes: the
      // parameters of an ordinary request ("versionId", "uploads") are passed over before any work,
      // and a key without escapes is compared as it is.
      if (found || k.size() < kNames[kAlgorithm].size() || k.size() > 64) return;
      if (k.find('%') == std::string_view::npos) {
        found = is_ours(k);
        return;
      }
      if (!percent_decode(k, key)) return;
      found = is_ours(key);
    });
  } catch (...) {
    return found;
  }
  return found;
}

AuthParse parse_presigned_query(std::string_view query) {
  std::optional<std::string> values[kSlots];
  std::string key, value;
  AuthParseError error = AuthParseError::none;
  std::string message;
  for_each_param(query, [&](std::string_view k, std::string_view v) {
    if (error != AuthParseError::none || k.size() > 64) return;
    if (!percent_decode(k, key)) return;  // not one of ours (the canonicaliser reports bad escapes)
    for (int s = 0; s < kSlots; ++s) {
      if (key != kNames[s]) continue;
      if (values[s]) {
        error = AuthParseError::duplicate_component;
        message = "the query parameter " + key + " is given twice";
        return;
      }
      if (!percent_decode(v, value)) {
        error = AuthParseError::malformed_query;
        message = "the query parameter " + key + " has a malformed percent escape";
        return;
      }
      values[s] = value;
    }
  });
  if (error != AuthParseError::none) return fail(error, std::move(message));

  for (int s : {kAlgorithm, kCredential, kSignature, kDate, kSignedHeaders, kExpires})
    if (!values[s])
      return fail(AuthParseError::missing_component,
                  "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                  "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  AuthParameters p;
  if (*values[kAlgorithm] == kAlgorithmHmacSha256)
    p.signing_algorithm = SigningAlgorithm::hmac_sha256;
  else if (*values[kAlgorithm] == kAlgorithmEcdsaP256Sha256)
    p.signing_algorithm = SigningAlgorithm::ecdsa_p256_sha256;
  else
    return fail(AuthParseError::unsupported_algorithm,
                "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\" and \"AWS4-ECDSA-P256-SHA256\"");
  const bool sigv4a = p.signing_algorithm == SigningAlgorithm::ecdsa_p256_sha256;
  if (sigv4a && !values[kRegionSet])
    return fail(AuthParseError::missing_component,
                "Query-string authentication with AWS4-ECDSA-P256-SHA256 requires the X-Amz-Region-Set parameter.");
  p.algorithm = *values[kAlgorithm];
  if (!parse_credential_field(*values[kCredential], p.signing_algorithm, p.credential))
    return fail(AuthParseError::malformed_credential,
                sigv4a ? "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                         "\"<YOUR-AKID>/YYYYMMDD/SERVICE/aws4_request\"."
                       : "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                         "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  const std::string& date = *values[kDate];
  if (date.size() != 16 || !SigningTime::parse(date))
    return fail(AuthParseError::malformed_date,
                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  p.amz_date = date;
  const std::string& expires = *values[kExpires];
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), n);
  if (expires.empty() || ec != std::errc() || ptr != expires.data() + expires.size())
    return fail(AuthParseError::malformed_expires, "X-Amz-Expires should be a number");
  p.expires = n;
  auto names = parse_signed_headers(*values[kSignedHeaders]);
  if (!names)
    return fail(AuthParseError::malformed_signed_headers,
                "X-Amz-SignedHeaders must be a ';'-separated list of distinct lower-case header names");
  p.signed_headers = std::move(*names);
  p.signed_headers_text = *values[kSignedHeaders];
  const std::string& sig = *values[kSignature];
  if (!is_signature_shape(sig, p.signing_algorithm))
    return fail(AuthParseError::malformed_signature,
                sigv4a ? "X-Amz-Signature must be a DER ECDSA signature in lower-case hexadecimal"
                       : "X-Amz-Signature must be 64 lower-case hexadecimal characters");
  p.signature = sig;
  p.security_token = values[kToken];
  p.content_sha256 = values[kContentSha256];
  if (sigv4a) p.region_set = values[kRegionSet];
  AuthParse r;
  r.params = std::move(p);
  return r;
}

}  // namespace sigv4
