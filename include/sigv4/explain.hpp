// Explaining a SignatureDoesNotMatch: compare the canonical request and string to sign the client built
// with the ones the server built (S3 returns them in the error body as CanonicalRequest and
// StringToSign, and as bytes in CanonicalRequestBytes / StringToSignBytes), find the first differing
// line and byte, and say in plain words what usually causes that difference.
//
// Example:
//   auto server = sigv4::parse_s3_error_body(xml_text);          // from S3 or `sigv4 serve`
//   auto client = sigv4::client_side_from_request(signed_request);  // or client_side_from_verbose_log()
//   sigv4::Explanation e = sigv4::explain_signature_mismatch(*client.side, *server);
//   std::cout << e.summary << "\n" << e.advice << "\n" << e.side_by_side;
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sigv4/request.hpp"

namespace sigv4 {

// What the server reported, read from an S3 XML error document.
struct ServerSignatureReport {
  std::string code;  // <Code>: SignatureDoesNotMatch, RequestTimeTooSkewed, AuthorizationHeaderMalformed, ...
  std::string message;  // <Message>
  // From CanonicalRequestBytes / StringToSignBytes when present (exact bytes, immune to XML whitespace
  // handling), else from CanonicalRequest / StringToSign. Empty when the server did not send them.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature_provided;
  std::string access_key_id;
  std::string request_time;  // RequestTimeTooSkewed: <RequestTime>, <ServerTime>
  std::string server_time;
  std::string region;  // AuthorizationHeaderMalformed: <Region> (the region the server expects)
};

// Reads an S3 error document (<Error><Code>..</Code>...</Error>): XML entities (&amp; &lt; &gt; &quot;
// &apos; &#N; &#xN;) are decoded. Returns nullopt when the text has no <Error> element with a <Code>,
// or a *Bytes element is not a byte dump ("47 45 54 ...").
[[nodiscard]] std::optional<ServerSignatureReport> parse_s3_error_body(std::string_view xml);

// What the client signed.
struct ClientSignatureRecord {
  std::string canonical_request;
  std::string string_to_sign;  // may be empty (then only the canonical requests are compared)
};

struct ClientSideParse {
  std::optional<ClientSignatureRecord> side;
  std::string error;  // why not, when side is empty
};

// The canonical request and string to sign of a signed request (Authorization header or presigned URL),
// rebuilt as a correct SigV4 signer builds them for exactly its SignedHeaders: S3 rules when the
// credential scope's service is s3, the hashed payload from x-amz-content-sha256 (else UNSIGNED-PAYLOAD
// for a presigned S3 URL, else the SHA-256 of the body). Needs no secret. Error for an unsigned or
// malformed request.
[[nodiscard]] ClientSideParse client_side_from_request(const HttpRequest& request);

// The "--- canonical request ---" and "--- string to sign ---" sections of `sigv4 sign -v`,
// `sigv4 presign -v` or `sigv4 curl -v` output (other lines are ignored). Error when there is no
// canonical request section.
[[nodiscard]] ClientSideParse client_side_from_verbose_log(std::string_view text);

// The usual causes of a signature mismatch, one per kind of first difference.
enum class MismatchCause {
  secret_key,            // canonical request and string to sign equal: the secret key differs
  clock,                 // X-Amz-Date differs, or RequestTimeTooSkewed / expired presigned URL
  region,                // the credential scope's region (or AuthorizationHeaderMalformed naming a region)
  service,               // the credential scope's service name
  method,                // HTTP method changed (redirect, HEAD vs GET)
  path_double_encoding,  // the path encoded twice (or once where the service wants twice)
  path_normalization,    // "." / ".." / "//" removed by one side only
  path_encoding,        // any other difference in the canonical URI (reserved characters, UTF-8, case of %xx)
  query_plus_vs_space,  // '+' sent for a space: signed as %20 but received as a literal '+' (%2B), or back
  query_changed,        // a query parameter added, removed or re-encoded after signing
  host_changed,         // the Host header differs (a proxy, a port, virtual-hosted vs path style)
  header_whitespace,    // a signed header's value differs only in spaces/tabs (untrimmed, not collapsed)
  header_not_sent,      // a signed header the server did not receive (the value is empty on its side)
  header_changed,       // a signed header's value changed on the way (proxy, HTTP library)
  signed_headers,       // the SignedHeaders lists differ
  payload_hash,         // the hashed payload / x-amz-content-sha256 differs (body changed, UNSIGNED-PAYLOAD)
  not_comparable,       // the server sent no canonical request and no other hint
};

std::string_view to_string(MismatchCause cause) noexcept;

struct Explanation {
  MismatchCause cause = MismatchCause::not_comparable;
  std::string summary;  // one line: what differs
  std::string advice;   // plain words: what usually causes it and what to check
  // The first difference (0-based line of the canonical request or string to sign and byte within it).
  bool in_string_to_sign = false;
  std::optional<std::size_t> line;
  std::size_t column = 0;
  std::string line_role;  // "HTTP method", "canonical URI", "canonical query", "header host", ...
  std::string client_line, server_line;
  // Both canonical requests (then both strings to sign) in two columns, the differing lines marked,
  // followed by the two first differing lines in full with a caret under the first differing byte.
  std::string side_by_side;
};

// Compares and explains. Never throws on any input.
[[nodiscard]] Explanation explain_signature_mismatch(const ClientSignatureRecord& client,
                                                     const ServerSignatureReport& server);

}  // namespace sigv4
