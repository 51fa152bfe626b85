// sigv4 serve under parallel uploads (issue 9). Several client threads upload objects at once, in
// every payload mode the library signs (hex SHA-256, UNSIGNED-PAYLOAD, aws-chunked signed, signed with
// a trailer, unsigned with a trailer), and read each one back byte-exact. The server is the sigv4-serve
// of the same build, so in build-tsan (where `make test-tsan` runs this test, LABELS concurrency) it is
// itself under ThreadSanitizer: its stderr is captured and any sanitizer report fails the test, as does
// a non-zero exit. In the normal and ASan builds the same test checks the behaviour (and, in ASan, the
// server's memory errors and leaks). Each thread also lists its prefix while the others still upload.
// Bounded: about 10 MB in all, client timeouts of 60 s.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "serve/running_serve.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signed_upload.hpp"

namespace {

using namespace sigv4;
using sigv4_test::RunningServe;

constexpr int kThreads = 8;
constexpr int kObjectsPerThread = 15;
const Credentials kCreds("AKIDSERVETEST", "serve/test/secret/key");
constexpr std::string_view kRegion = "us-east-1";

constexpr UploadPayload kModes[] = {UploadPayload::sha256_hex, UploadPayload::unsigned_payload,
                                    UploadPayload::streaming_signed, UploadPayload::streaming_signed_trailer,
                                    UploadPayload::streaming_unsigned_trailer};
constexpr ChecksumAlgorithm kChecksums[] = {ChecksumAlgorithm::crc32, ChecksumAlgorithm::crc32c,
                                            ChecksumAlgorithm::sha256};

// Bytes of one object: sizes from empty to a few 64 KiB chunks (so aws-chunked bodies have several
// chunks and a short last one), content from a per-object seed.
std::string object_bytes(int thread, int index) {
  std::mt19937 rng(static_cast<unsigned>(thread * 1000 + index));
  const std::size_t sizes[] = {0, 1, 1000, 65536, 65537, 200'000, 150'001};
  std::string s(sizes[static_cast<std::size_t>(index + thread) % std::size(sizes)], '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

HttpClientOptions client_options() {
  HttpClientOptions o;
  o.timeouts.connect = std::chrono::seconds(10);
  o.timeouts.total = std::chrono::seconds(60);
  o.timeouts.stall = std::chrono::seconds(30);
  return o;
}

TEST(ServeUploadsConcurrency, ParallelUploadsInEveryPayloadModeReadBackByteExactAndTheServerStaysClean) {
  if (RunningServe::binary().empty()) GTEST_SKIP() << "sigv4-serve was not built (no cpp-httplib)";
  RunningServe server(kCreds.access_key_id, std::string(kCreds.secret_access_key.reveal()));

  {
    HttpClient client(client_options());
    HttpRequest bucket = HttpRequest::from_url("PUT", server.url("/parallel"));
    // An empty body, not no body: a PUT without Content-Length is read to EOF by cpp-httplib 0.11.
    const HttpResult r =
        sign_and_send(client, bucket, SignedPayload::bytes(""), kCreds, kRegion, "s3", SigningSettings::s3());
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.response.status, 200) << r.response.body;
  }

  std::atomic<int> uploaded{0}, read_back{0};
  std::atomic<long long> bytes{0};
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      std::string& failure = failures[static_cast<std::size_t>(t)];
      HttpClient client(client_options());  // one keep-alive connection per thread
      for (int i = 0; i < kObjectsPerThread && failure.empty(); ++i) {
        const std::string data = object_bytes(t, i);
        const std::string key = "/parallel/t" + std::to_string(t) + "/obj-" + std::to_string(i);
        const UploadPayload mode = kModes[static_cast<std::size_t>(t + i) % std::size(kModes)];
        const ChecksumAlgorithm checksum = kChecksums[static_cast<std::size_t>(i) % std::size(kChecksums)];
        HttpRequest put = HttpRequest::from_url("PUT", server.url(key));
        const PreparedUpload upload =
            prepare_signed_upload(put, mode, UploadSource::from_bytes(data), kCreds,
                                  {SigningTime::now(), kRegion, "s3"}, SigningSettings::s3(), checksum);
        const HttpResult sent = client.send(put, upload.body);
        if (!sent.ok() || sent.response.status != 200) {
          failure = "PUT " + key + " (mode " + std::to_string(static_cast<int>(mode)) + "): " + sent.message +
                    " " + std::to_string(sent.response.status) + " " + sent.response.body;
          break;
        }
        ++uploaded;
        HttpRequest get = HttpRequest::from_url("GET", server.url(key));
        const HttpResult got =
            sign_and_send(client, get, SignedPayload::empty(), kCreds, kRegion, "s3", SigningSettings::s3());
        if (!got.ok() || got.response.status != 200 || got.response.body != data) {
          failure = "GET " + key + ": " + got.message + " status " + std::to_string(got.response.status) +
                    ", " + std::to_string(got.response.body.size()) + " bytes instead of " +
                    std::to_string(data.size());
          break;
        }
        ++read_back;
        bytes += static_cast<long long>(data.size());
      }
      if (!failure.empty()) return;
      // A listing while the other threads still write: exactly this thread's keys under its prefix.
      const std::string prefix = "t" + std::to_string(t) + "/";
      HttpRequest list = HttpRequest::from_url("GET", server.url("/parallel?list-type=2&prefix=" + prefix));
      const HttpResult listed =
          sign_and_send(client, list, SignedPayload::empty(), kCreds, kRegion, "s3", SigningSettings::s3());
      std::size_t keys = 0;
      for (std::size_t at = 0; (at = listed.response.body.find("<Key>" + prefix, at)) != std::string::npos;
           ++at)
        ++keys;
      if (!listed.ok() || listed.response.status != 200 || keys != kObjectsPerThread)
        failure = "ListObjectsV2 " + prefix + ": status " + std::to_string(listed.response.status) + ", " +
                  std::to_string(keys) + " keys: " + listed.response.body;
    });
  for (auto& th : threads) th.join();
  for (const auto& f : failures) EXPECT_TRUE(f.empty()) << f;
  EXPECT_EQ(uploaded.load(), kThreads * kObjectsPerThread);
  EXPECT_EQ(read_back.load(), kThreads * kObjectsPerThread);

  const RunningServe::Exit exit = server.stop();
  ASSERT_TRUE(exit.status.has_value()) << "sigv4-serve did not stop on SIGTERM";
  EXPECT_TRUE(WIFEXITED(*exit.status) && WEXITSTATUS(*exit.status) == 0)
      << "sigv4-serve exit status " << *exit.status << "; stderr:\n"
      << exit.stderr_text;
  EXPECT_FALSE(sigv4_test::has_sanitizer_report(exit.stderr_text)) << exit.stderr_text;
  std::printf("%d objects uploaded by %d threads and read back byte-exact (%lld bytes each way)\n",
              read_back.load(), kThreads, bytes.load());
}

}  // namespace
