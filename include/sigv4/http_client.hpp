// Sending signed requests over HTTP(S), with libcurl as the transport.
//
// The client sends a request exactly as the signer saw it: the request target goes on the wire as
// written (no dot-segment removal, no re-encoding, so the signature of an S3 key like "a/../b" still
// matches), the headers are sent as given (the Host header included), and the body is pulled from a
// reader in pieces, so a file of any size is never held in memory. Transport failures (refused
// connection, timeout, TLS) are returned as an HttpResult with a TransportError, never thrown: a
// network that fails is normal, not a programming error. An HTTP error status is not a transport
// failure: the response (an S3 error document, say) is returned for the caller to read.
//
// Example:
//   sigv4::HttpClient client;
//   sigv4::HttpRequest req = sigv4::HttpRequest::from_url("GET", "https://bucket.s3.amazonaws.com/key");
//   sigv4::HttpResult r = sigv4::sign_and_send(client, req, sigv4::SendBody::empty(), creds,
//                                              "us-east-1", "s3", sigv4::SigningSettings::s3());
//   if (!r.ok()) std::cerr << r.message; else if (r.response.status >= 300) ...
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/credentials.hpp"
#include "sigv4/request.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"

namespace sigv4 {

struct HttpTimeouts {
  // Time allowed to open the TCP (and TLS) connection.
  std::chrono::milliseconds connect{10'000};
  // Time allowed for the whole exchange; 0 means no limit (a large upload may take hours).
  std::chrono::milliseconds total{0};
  // A transfer that moves fewer than 1 byte per second for this long is abandoned as stalled
  // (the useful timeout for large transfers, which `total` cannot express); 0 disables it.
  std::chrono::seconds stall{60};
};

// Whether a progress bar is drawn on stderr while a request body is sent or a response received.
enum class ProgressDisplay {
  off,
  // Drawn only when stderr is a terminal and the transfer is larger than progress_threshold_bytes:
  // a script or a log file never receives the escape sequences, a small request never flickers.
  on_terminal,
};

// Whether the server's TLS certificate is checked.
enum class TlsVerification {
  verify,    // the default: the system's CA store, host name checked
  insecure,  // for a test server with a self-signed certificate only
};

struct HttpClientOptions {
  HttpTimeouts timeouts;
  ProgressDisplay progress = ProgressDisplay::off;
  std::uint64_t progress_threshold_bytes = 4 * 1024 * 1024;
  TlsVerification tls = TlsVerification::verify;
  // A response body collected in memory (no sink given) larger than this ends the transfer with
  // TransportError::response_too_large, so a hostile endpoint cannot exhaust memory.
  std::size_t max_response_bytes = 64 * 1024 * 1024;
  std::string user_agent = "sigv4-cpp/0.1";
};

// Where a request body comes from: pulled piece by piece while the request is sent.
class SendBody {
 public:
  // Reads up to buffer.size() bytes and returns how many; 0 means the end. Throwing aborts the
  // transfer with TransportError::body_source_failed.
  using Reader = std::function<std::size_t(std::span<std::byte> buffer)>;

  // No body (GET, HEAD, DELETE).
  static SendBody empty();
  // Bytes the caller keeps alive until the request is sent.
  static SendBody bytes(std::string_view data);
  // A regular file, read in pieces while sending. Throws sigv4::Error(io_error) if it cannot be opened.
  static SendBody file(const std::filesystem::path& path);
  // Any source; with an unknown length the body is sent with Transfer-Encoding: chunked.
  static SendBody reader(Reader read, std::optional<std::uint64_t> length);

  [[nodiscard]] bool has_body() const noexcept { return static_cast<bool>(read_); }
  [[nodiscard]] std::optional<std::uint64_t> length() const noexcept { return length_; }
  [[nodiscard]] const Reader& read() const noexcept { return read_; }

 private:
  Reader read_;
  std::optional<std::uint64_t> length_;
};

enum class TransportError {
  none,
  invalid_request,      // no usable URL (no Host header, bad scheme) or a header libcurl refuses
  resolve_failed,       // the host name does not resolve
  connect_failed,       // connection refused or unreachable
  timed_out,            // connect timeout, total timeout or stalled transfer
  tls_failed,           // handshake or certificate verification failed
  send_failed,          // the connection broke while sending
  receive_failed,       // the connection broke while receiving, or a malformed response
  body_source_failed,   // the SendBody reader threw or the response sink threw
  response_too_large,   // over HttpClientOptions::max_response_bytes
  other,
};
std::string_view to_string(TransportError e) noexcept;

struct HttpResponse {
  long status = 0;                // e.g. 200, 403
  std::vector<Header> headers;    // of the final response, in order
  std::string body;               // empty when a sink received it
  [[nodiscard]] const Header* find_header(std::string_view name) const noexcept;
};

struct HttpResult {
  TransportError error = TransportError::none;
  std::string message;  // what failed and where (URL without its query, which may hold a signature)
  HttpResponse response;
  [[nodiscard]] bool ok() const noexcept { return error == TransportError::none; }
};

// Receives the response body in pieces (e.g. written to a file or stdout), with the response's status
// and headers (complete by the first piece) so a caller can treat an error document differently from
// data; throwing aborts the transfer.
using ResponseSink = std::function<void(const HttpResponse& head, std::string_view piece)>;

// A reusable connection (keep-alive) to send requests one after another. Not thread-safe: use one
// client per thread. Movable, not copyable; the libcurl handle is released by the destructor.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends request.method to request.scheme://<Host header><request.target>. The target is sent
  // verbatim; the headers are sent as given. libcurl adds only headers SigV4 never signs or that
  // the request does not carry: Content-Length (a body of known length), Transfer-Encoding: chunked
  // (unknown length), Expect: 100-continue (large bodies, so a refused request stops before the
  // upload), Accept, and User-Agent when none is given. The response body goes to `sink` when given,
  // else into HttpResult::response.body. A refusal (status >= 400) received before the body was
  // fully sent is returned as a response, not as a send failure.
  [[nodiscard]] HttpResult send(const HttpRequest& request, const SendBody& body, const ResponseSink& sink = {});

  [[nodiscard]] const HttpClientOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Signs `request` (SigV4, header location, signing time now) and sends it. The payload hash follows
// settings.payload_mode: for sha256_of_body, `payload` must be a file or bytes (hash_source) so the
// body can be read twice (once hashed, once sent); a reader body needs unsigned_payload or a
// precomputed hash. The signed headers are set on `request`. Throws sigv4::Error for a request that
// cannot be signed (see signer.hpp); transport failures are in the result.
struct SignedPayload {
  SendBody body;         // what is sent
  Body hash_source;      // what is hashed when settings.payload_mode is sha256_of_body
  static SignedPayload empty();
  static SignedPayload bytes(std::string_view data);
  static SignedPayload file(const std::filesystem::path& path);
};
[[nodiscard]] HttpResult sign_and_send(HttpClient& client, HttpRequest& request, const SignedPayload& payload,
                                       const Credentials& credentials, std::string_view region,
                                       std::string_view service, const SigningSettings& settings,
                                       SigningResult* signing = nullptr, const ResponseSink& sink = {});

}  // namespace sigv4
