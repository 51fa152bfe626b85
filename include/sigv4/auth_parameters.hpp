// What a SigV4- or SigV4a-signed request claims about its own signature, as a server reads it from the
// Authorization header (authorization_header.hpp) or from the presigned query (presigned_query.hpp),
// and the two small field parsers both forms share: the Credential value and the SignedHeaders list.
//
// These parsers face untrusted input: they never throw and never allocate without bound (every field
// is limited to the size of the input); bad input gets an AuthParseError and a message saying why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/settings.hpp"

namespace sigv4 {

// Why an Authorization header or presigned query could not be read. A server maps these to S3's
// AuthorizationHeaderMalformed (header) or AuthorizationQueryParametersError (query), except
// unsupported_algorithm, which S3 reports as InvalidArgument ("Unsupported Authorization Type").
enum class AuthParseError {
  none,
  unsupported_algorithm,  // not "AWS4-HMAC-SHA256" nor "AWS4-ECDSA-P256-SHA256" (SigV2 "AWS ...", anything else)
  missing_component,      // Credential, SignedHeaders or Signature (or a required X-Amz-* parameter) absent
  duplicate_component,    // the same component or parameter given twice
  unknown_component,      // a header component other than Credential, SignedHeaders, Signature
  malformed_component,    // a component without '=' or an empty one (",,")
  malformed_credential,   // not "AKID/YYYYMMDD/REGION/SERVICE/aws4_request" (SigV4a: no REGION part)
  malformed_signed_headers,  // empty, an empty name, upper case, a character outside the token set, a repeat
  malformed_signature,       // not 64 lower-case hex characters (SigV4a: 16 to 144, an even number)
  malformed_date,     // X-Amz-Date not "YYYYMMDDTHHMMSSZ" (query form; the header form reads the header)
  malformed_expires,  // X-Amz-Expires not a decimal number
  malformed_query,    // a '%' escape that is not two hex digits in an X-Amz-* parameter
};

std::string_view to_string(AuthParseError e) noexcept;

// "AKID/20150830/us-east-1/iam/aws4_request", split.
struct CredentialField {
  std::string access_key_id;
  std::string date;  // "20150830" (8 digits; calendar validity is checked against X-Amz-Date later)
  std::string region;  // empty for SigV4a, whose scope has no region (X-Amz-Region-Set says where)
  std::string service;
};

// Parses a Credential value (SigV4 "credential scope" prefixed by the access key id): exactly five
// '/'-separated parts, access key id (non-empty, printable), date (8 digits), region, service and the
// literal "aws4_request". Returns nullopt for anything else.
[[nodiscard]] std::optional<CredentialField> parse_credential_field(std::string_view value) noexcept;
// The same, into `out`, reusing its strings' storage (a server that keeps one CredentialField per
// thread parses without allocating). Returns false (out unspecified) for a malformed value or when
// memory runs out.
[[nodiscard]] bool parse_credential_field(std::string_view value, CredentialField& out) noexcept;
// The SigV4a form, "AKID/YYYYMMDD/SERVICE/aws4_request" (four parts, no region: the signature is valid
// in the regions of X-Amz-Region-Set). Same rules otherwise; region is left empty.
[[nodiscard]] std::optional<CredentialField> parse_sigv4a_credential_field(std::string_view value) noexcept;
// The credential form of an algorithm (one of the forms above), into `out` like the in-place form.
[[nodiscard]] bool parse_credential_field(std::string_view value, SigningAlgorithm algorithm,
                                          CredentialField& out) noexcept;
// Whether a claimed signature has the shape of the algorithm's signatures: 64 lower-case hex (SigV4),
// or a hex DER ECDSA signature, 16 to 144 lower-case hex digits, an even number (SigV4a).
[[nodiscard]] bool is_signature_shape(std::string_view signature, SigningAlgorithm algorithm) noexcept;

// Parses a SignedHeaders value "host;x-amz-date": ';'-separated, each name non-empty, lower-case,
// an HTTP token, no repeats. Order is kept as given (the canonical request uses the sorted list, so
// an unsorted list simply fails the signature check, as on S3). Returns nullopt when malformed.
[[nodiscard]] std::optional<std::vector<std::string>> parse_signed_headers(std::string_view value);
// The same, into `out`, reusing its elements' storage. Returns false (out unspecified) when malformed.
[[nodiscard]] bool parse_signed_headers(std::string_view value, std::vector<std::string>& out);

// Everything one signature claims, in either location.
struct AuthParameters {
  std::string algorithm;  // "AWS4-HMAC-SHA256" or "AWS4-ECDSA-P256-SHA256"
  SigningAlgorithm signing_algorithm = SigningAlgorithm::hmac_sha256;  // the same, as an enum
  CredentialField credential;
  std::vector<std::string> signed_headers;  // as listed
  std::string signed_headers_text;          // the list as written ("host;x-amz-date")
  std::string signature;                    // 64 lower-case hex (SigV4a: DER ECDSA in hex)
  // Query form only (the header form takes these from the X-Amz-Date / X-Amz-Security-Token headers).
  std::string amz_date;                       // X-Amz-Date, decoded
  std::optional<std::int64_t> expires;        // X-Amz-Expires (may be out of range: the verifier judges it)
  std::optional<std::string> security_token;  // X-Amz-Security-Token, decoded
  std::optional<std::string> content_sha256;  // X-Amz-Content-Sha256 (the JS SDK presigns it), decoded
  // SigV4a: X-Amz-Region-Set, decoded (query form; the header form takes it from the header).
  std::optional<std::string> region_set;
};

// Result of either parser: `params` on success, otherwise `error` and a human message.
struct AuthParse {
  std::optional<AuthParameters> params;
  AuthParseError error = AuthParseError::none;
  std::string message;
  [[nodiscard]] bool ok() const noexcept { return params.has_value(); }
};

}  // namespace sigv4
