// `sigv4 serve`: a small S3-compatible object server on disk, and the example a server author copies
// to put SigV4 verification in front of an HTTP service.
//
// Every request goes through the same two steps:
//   1. verification of the request line and headers by a sigv4::Verifier, one per worker thread and
//      reused from request to request, so that it allocates nothing (before the body is read; with
//      "Expect: 100-continue" a refused client never sends its body);
//   2. a PayloadVerifier over the body as it streams (aws-chunked decoding, chunk and trailer
//      signatures, x-amz-content-sha256, Content-MD5, checksums), writing into a temporary file that is
//      published only when the whole body verified.
// Refusals are S3's XML errors with S3's codes and statuses.
//
// HTTP comes from cpp-httplib (Debian libcpp-httplib-dev): it streams request bodies to a callback,
// removes Transfer-Encoding: chunked, answers Expect: 100-continue through a hook, and serves
// connections from a thread pool.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sigv4/verifier.hpp"

namespace sigv4::serve {

struct ServerConfig {
  std::filesystem::path root;      // where buckets live (created when missing)
  std::string host = "127.0.0.1";  // listen address: loopback unless told otherwise
  int port = 0;                    // 0: any free port (see S3Server::bind)
  CredentialStore credentials;
  std::string region;  // enforced when set (AuthorizationHeaderMalformed otherwise)
  // SigV4a (AWS4-ECDSA-P256-SHA256) is opt-in, as a new authentication algorithm should be for a
  // server: when false such requests are refused as S3 refuses an algorithm it does not take
  // (InvalidArgument "Unsupported Authorization Type"); when true they are verified, and their
  // X-Amz-Region-Set must contain `region` (which serve_main then requires).
  bool accept_sigv4a = false;
  std::int64_t max_skew_seconds = 900;
  // Host suffixes for virtual-hosted addressing: "bucket.<domain>[:port]" names the bucket.
  std::vector<std::string> domains = {"localhost"};
  std::uint64_t min_part_size = 5 * 1024 * 1024;  // S3: every part but the last (EntityTooSmall)
  bool log_requests = true;                       // one line per request on stderr
};

class S3Server {
 public:
  explicit S3Server(ServerConfig config);
  ~S3Server();
  S3Server(const S3Server&) = delete;
  S3Server& operator=(const S3Server&) = delete;

  // Binds the listening socket; returns the port (the chosen one when config.port is 0), or -1.
  int bind();
  // Serves until stop() (from another thread or a signal handler thread).
  bool run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sigv4::serve
