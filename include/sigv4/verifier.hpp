// Server side of SigV4 and SigV4a: authenticates a request as S3 does (S3 "Authenticating Requests (AWS
// Signature Version 4)"), by rebuilding the canonical request with the core signer (sign_request with
// AuthInputs::as_received and exactly the client's SignedHeaders), then, for AWS4-HMAC-SHA256, comparing
// signatures in constant time, and for AWS4-ECDSA-P256-SHA256 (SigV4a), verifying the ECDSA signature
// of the string to sign with the public key derived from the stored secret (sigv4a_public_key; ECDSA
// signatures are randomised, so there is nothing to recompute and compare). No second copy of the
// algorithm lives here: only the rules a server adds around it.
//
// Rules, in the order they are checked (each refusal is the S3 error S3 answers with):
//   1. exactly one mechanism: an Authorization header or X-Amz-* query parameters (InvalidArgument for
//      both, AccessDenied for neither: anonymous requests are not served);
//   2. the header or query parses (AuthorizationHeaderMalformed / AuthorizationQueryParametersError;
//      an algorithm other than SigV4 and SigV4a: InvalidArgument "Unsupported Authorization Type");
//   3. the request time: X-Amz-Date (header form: the x-amz-date header, AccessDenied when absent);
//      the credential scope date equals its date;
//   4. region and service equal the expected ones when VerifyOptions sets them. SigV4a: the scope has
//      no region; X-Amz-Region-Set (header, or query parameter when presigned) is required and must be
//      well-formed, and VerifyOptions::region must be in it (region_set_contains). A region outside the
//      set is refused like a SigV4 credential for the wrong region: AuthorizationHeaderMalformed (header)
//      or AuthorizationQueryParametersError (query), with a <Region> element naming the server's region.
//      That is the answer S3 gives when the signing region does not cover the bucket's region, and
//      the one SDKs act on (they read <Region> to retry); we found no public record of a distinct code
//      for SigV4a, so we keep S3's region error rather than invent one;
//   5. time window: header form within max_skew_seconds of now (RequestTimeTooSkewed); query form
//      X-Amz-Expires in 1..604800 (AuthorizationQueryParametersError), not expired and not dated
//      more than max_skew_seconds in the future (AccessDenied "Request has expired" / "Request is
//      not valid yet");
//   6. the access key is known (InvalidAccessKeyId); a session token, when the key needs one, is given
//      (MissingSecurityHeader) and equal (InvalidToken); a token given for a key without one is
//      InvalidToken; a key past its expiration is ExpiredToken;
//   7. host is signed and present, and every x-amz-* header the request carries is signed
//      (AccessDenied "There were headers present in the request which were not signed");
//   8. S3 (service "s3"): x-amz-content-sha256 present in the header form (InvalidRequest "Missing
//      required header for this request: x-amz-content-sha256") and a 64-hex value, UNSIGNED-PAYLOAD or
//      a STREAMING-* literal (InvalidArgument);
//   9. the signature (SignatureDoesNotMatch, carrying the canonical request and string to sign the
//      server computed, as text and as S3's byte dumps), for SigV4a too.
// Body checks (x-amz-content-sha256 against the body, Content-MD5, x-amz-checksum-*, aws-chunked)
// happen while the body streams, in payload_verifier.hpp, seeded by the VerifyResult (for SigV4a's
// STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD[-TRAILER], with its public key).
//
// Never throws for any request content (bad input is normal for a server); only an exception from
// the caller's CredentialLookup, or std::bad_alloc, escapes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/auth_parameters.hpp"
#include "sigv4/crypto/ecdsa_p256.hpp"
#include "sigv4/request.hpp"
#include "sigv4/s3_error.hpp"
#include "sigv4/secret.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/time.hpp"

namespace sigv4 {

// What the server knows about one access key.
struct StoredCredential {
  SecretString secret_access_key;
  // Temporary credentials: the session token that must come with the key (X-Amz-Security-Token).
  std::optional<SecretString> session_token;
  // When the key stops working (ExpiredToken after it); empty for long-term keys.
  std::optional<std::chrono::system_clock::time_point> expiration;
};

// Access key id -> what the server knows about it, or nullopt for an unknown key.
using CredentialLookup = std::function<std::optional<StoredCredential>(std::string_view access_key_id)>;

// A simple in-memory credential table (what `sigv4 serve` and `sigv4 verify` use).
class CredentialStore {
 public:
  void add(std::string access_key_id, std::string_view secret_access_key,
           std::optional<std::string_view> token = {});
  [[nodiscard]] std::optional<StoredCredential> find(std::string_view access_key_id) const;
  // The stored entry itself (valid until the store is next modified), or nullptr: a lookup that copies
  // nothing, which Verifier uses so that verification allocates nothing.
  [[nodiscard]] const StoredCredential* find_entry(std::string_view access_key_id) const noexcept;
  // A lookup bound to this store (which must outlive it).
  [[nodiscard]] CredentialLookup lookup() const;
  [[nodiscard]] bool empty() const noexcept { return keys_.empty(); }

 private:
  std::map<std::string, StoredCredential, std::less<>> keys_;
};

// Which canonicalisation rules apply: S3 signs the path as sent (single encoding, no normalisation)
// and requires x-amz-content-sha256; every other service double-encodes and normalises the path.
enum class ServiceRules {
  by_service,  // S3 rules when the credential scope's service is "s3", generic rules otherwise
  s3,
  generic,
  // Generic double encoding, but the path used as given (not normalised): for signers configured not
  // to normalise (aws-c-auth's should_normalize_uri_path = false, the suites' *-unnormalized cases).
  generic_as_given,
};

struct VerifyOptions {
  // The server's clock. Tests and offline verification set it (e.g. to the request's own X-Amz-Date).
  SigningTime now = SigningTime::now();
  // Expected credential-scope region / service; empty accepts any. SigV4a: the region the server runs
  // in, which the request's X-Amz-Region-Set must contain.
  std::string region;
  std::string service;
  // Allowed difference between X-Amz-Date and now for header signatures, and how far in the future a
  // presigned URL may be dated. S3: 15 minutes.
  std::int64_t max_skew_seconds = 900;
  ServiceRules rules = ServiceRules::by_service;
};

enum class AuthLocation { none, header, query };
std::string_view to_string(AuthLocation location) noexcept;

// Everything the verifier learnt, filled as far as it got (so a refused request can still be logged).
struct VerifyResult {
  std::optional<S3Error> error;  // empty when the signature (and every header rule) checked out
  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }

  AuthLocation location = AuthLocation::none;
  AuthParameters claim;          // what the request claims (header: amz_date and token filled from headers)
  SigningTime time;              // X-Amz-Date
  std::string credential_scope;  // "20150830/us-east-1/s3/aws4_request" (SigV4a: "20150830/s3/aws4_request")
  SigningAlgorithm algorithm = SigningAlgorithm::hmac_sha256;  // the claim's, once read
  std::string region_set;                                      // SigV4a: X-Amz-Region-Set as received
  // The payload hash the signature covers: 64 hex, UNSIGNED-PAYLOAD or a STREAMING-* literal.
  std::string payload_hash;
  bool s3_rules = true;
  std::string canonical_request;  // as the server computed it
  std::string string_to_sign;
  std::string signature;   // the verified (seed) signature, for the chunk chain
  SigningKey signing_key;  // SigV4: kSigning of the scope, for the chunk chain (valid when ok())
  crypto::EcdsaP256PublicKey public_key;  // SigV4a: the key that verified it, for the chunk chain
};

// A reusable verification context: the fast way for a server to call verify_request. Keep one per
// thread (or per connection; it is not thread-safe) and call verify() for each request. It keeps the
// parsed claim, the signer's scratch buffers and the result between calls, so once its buffers have
// grown, verifying a header-signed request allocates nothing (with a CredentialStore; a
// CredentialLookup returns a copy of the stored credential, which allocates) (issue 6, W5).
// The result refers to nothing in the request: it stays valid until the next verify().
class Verifier {
 public:
  // The store must outlive the verifier and must not be modified while verify() runs.
  explicit Verifier(const CredentialStore& store) : store_(&store) {}
  explicit Verifier(CredentialLookup lookup) : lookup_(std::move(lookup)) {}

  // As verify_request below; the returned reference is result().
  const VerifyResult& verify(const RequestView& request, const VerifyOptions& options,
                             std::optional<std::string_view> payload_sha256 = std::nullopt);
  [[nodiscard]] const VerifyResult& result() const noexcept { return result_; }
  [[nodiscard]] VerifyResult& result() noexcept { return result_; }

 private:
  class Verification;  // one call's checks (verifier.cpp)
  const CredentialStore* store_ = nullptr;
  CredentialLookup lookup_;
  std::optional<StoredCredential> looked_up_;  // the copy a CredentialLookup returned
  SigningSettings settings_;                   // rebuilt field by field, never reconstructed
  SigningResult signed_;                       // the signer's reused buffers
  std::string message_;                        // parse error text
  VerifyResult result_;
};

// Authenticates the request line and headers. `request.target` is the raw target as received
// ("/bucket/key%20x?uploads"); `request.headers` every header as received, repeats kept.
// `payload_sha256`: for services other than S3 a header-signed request's payload hash is the hex
// SHA-256 of the body, which only the caller can supply (S3 and presigned requests never need it).
[[nodiscard]] VerifyResult verify_request(const RequestView& request, const CredentialLookup& credentials,
                                          const VerifyOptions& options,
                                          std::optional<std::string_view> payload_sha256 = std::nullopt);

}  // namespace sigv4
