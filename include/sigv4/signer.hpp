// SigV4 request signing (AWS General Reference, "Signing AWS API requests": create a canonical request,
// create a string to sign, derive the signing key, calculate the signature, add it to the request).
//
// Example:
//   sigv4::HttpRequest req = sigv4::HttpRequest::from_url("GET", "https://examplebucket.s3.amazonaws.com/a.txt");
//   std::vector<sigv4::HeaderView> hv;
//   sigv4::SigningResult r = sigv4::sign_request(req.view(hv), sigv4::Body(), creds,
//       {sigv4::SigningTime::now(), "us-east-1", "s3"}, sigv4::SigningSettings::s3());
//   for (auto& h : r.headers_to_add) req.set_header(h.name, h.value);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sigv4/body.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/credentials.hpp"
#include "sigv4/error.hpp"
#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

inline constexpr std::string_view kAlgorithmHmacSha256 = "AWS4-HMAC-SHA256";

// Date, region and service: the credential scope "DATE/REGION/SERVICE/aws4_request" (SigV4), or
// "DATE/SERVICE/aws4_request" (SigV4a, where the region stands for the region set when
// SigningSettings::region_set is empty).
struct SigningScope {
  SigningTime time;
  std::string_view region;
  std::string_view service;
};

// Everything signing produced, every intermediate included. Reuse one object across calls to avoid
// allocations: each call overwrites every field.
struct SigningResult {
  std::string canonical_request;
  std::string string_to_sign;
  std::string credential_scope;  // "20150830/us-east-1/service/aws4_request" (SigV4a: "20150830/service/aws4_request")
  std::string payload_hash;      // last line of the canonical request
  std::string signed_headers;    // "host;x-amz-date"
  std::string signature;         // 64 lower-case hex characters (SigV4a: DER ECDSA in hex, 140-144)
  std::string authorization;     // Authorization header value (header signing)
  // Headers the caller must set on the request, replacing any of the same name (header signing):
  // Host (only when it was derived), X-Amz-Date, X-Amz-Region-Set (SigV4a), X-Amz-Security-Token,
  // x-amz-content-sha256, Authorization. For query signing: an appended session token is not here but
  // in the URL.
  std::vector<Header> headers_to_add;
  // Query signing: the parameters added to the query in URL order, values decoded (X-Amz-Algorithm,
  // X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, [X-Amz-Region-Set (SigV4a)],
  // [X-Amz-Security-Token], X-Amz-Signature).
  std::vector<std::pair<std::string, std::string>> presign_params;
  std::string presigned_target;  // "/path?original&X-Amz-...&X-Amz-Signature=..."
  std::string presigned_url;     // scheme://host + presigned_target

  // kSigning, the derived key (secret for one day/region/service: handle like a password). All zero
  // for SigV4a, whose key is an ECDSA key pair (see sigv4a_key.hpp for its public key).
  std::array<std::uint8_t, 32> signing_key{};
  [[nodiscard]] std::string signing_key_hex() const;

  CanonicalScratch scratch;  // reused storage, not part of the result

  SigningResult() = default;
  SigningResult(const SigningResult&) = default;
  SigningResult(SigningResult&&) noexcept = default;
  SigningResult& operator=(const SigningResult&) = default;
  SigningResult& operator=(SigningResult&&) noexcept = default;
  ~SigningResult();
};

// Signs a request with settings.algorithm: SigV4 (AWS4-HMAC-SHA256) or SigV4a (AWS4-ECDSA-P256-SHA256;
// same canonical request, plus X-Amz-Region-Set as a signed header or query parameter).
// Throws sigv4::Error for bad input (see error.hpp): bad method, header name or
// value, malformed path or query escape, empty region/service/credentials, a malformed SigV4a region
// set (invalid_region), expires out of range,
// missing Host that cannot be derived, an unreadable body, an invalid precomputed payload hash.
// The body is only read when settings.payload_mode is sha256_of_body and the request carries no
// x-amz-content-sha256 header (whose value, when present, is the payload hash, as in botocore).
void sign_request(const RequestView& request, const Body& body, const Credentials& credentials,
                  const SigningScope& scope, const SigningSettings& settings, SigningResult& out);

// The same with credentials the caller keeps elsewhere (nothing is copied; what the verifier uses).
void sign_request(const RequestView& request, const Body& body, const CredentialsView& credentials,
                  const SigningScope& scope, const SigningSettings& settings, SigningResult& out);

inline SigningResult sign_request(const RequestView& request, const Body& body, const Credentials& credentials,
                                  const SigningScope& scope, const SigningSettings& settings) {
  SigningResult r;
  sign_request(request, body, credentials, scope, settings, r);
  return r;
}

// Convenience: signs an owning request in place (adds the headers, or rewrites target to the
// presigned target) and returns the result.
SigningResult sign_in_place(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                            const SigningSettings& settings);

// Generic signing, not tied to HTTP.
// The string to sign for a canonical request: "AWS4-HMAC-SHA256\nDATE\nSCOPE\nhex(SHA256(creq))".
void build_string_to_sign(std::string& out, std::string_view algorithm, std::string_view amz_date,
                          std::string_view credential_scope, std::string_view canonical_request);
// "DATE/REGION/SERVICE/aws4_request"; throws invalid_region/invalid_service for empty or bad parts.
void build_credential_scope(std::string& out, const SigningScope& scope);
// The scope for an algorithm: as above for SigV4; "DATE/SERVICE/aws4_request" for SigV4a (throws
// invalid_service; the region is not part of it).
void build_credential_scope(std::string& out, const SigningScope& scope, SigningAlgorithm algorithm);
// Signature of an arbitrary string to sign with the cached key for (credentials, scope): 64 hex for
// SigV4, a randomised DER ECDSA signature in hex for SigV4a.
std::string sign_string(std::string_view string_to_sign, const Credentials& credentials,
                        const SigningScope& scope, SigningAlgorithm algorithm = SigningAlgorithm::hmac_sha256);
// Signature of a canonical request built by the caller; fills string_to_sign, credential_scope,
// signature and signing_key of out (the other fields are cleared).
void sign_canonical_request(std::string_view canonical_request, const Credentials& credentials,
                            const SigningScope& scope, SigningResult& out,
                            SigningAlgorithm algorithm = SigningAlgorithm::hmac_sha256);

}  // namespace sigv4
