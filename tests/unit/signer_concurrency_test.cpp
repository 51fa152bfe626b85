// Signing from many threads at once: the per-thread key cache and the reusable result objects share
// nothing, so every thread must get exactly the single-threaded answer. Run under ThreadSanitizer by
// `make test` (build-tsan), which would report any data race.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "sigv4/signer.hpp"

namespace {

using namespace sigv4;

struct Job {
  std::string target;
  Credentials creds;
  std::string region;
};

TEST(SignerConcurrency, ManyThreadsSigningGetTheSingleThreadedSignatures) {
  std::vector<Job> jobs;
  for (int i = 0; i < 16; ++i)
    jobs.push_back({"/obj-" + std::to_string(i) + "?v=" + std::to_string(i * 7),
                    Credentials("AK" + std::to_string(i % 3), "secret-" + std::to_string(i % 5)),
                    i % 2 ? "us-east-1" : "eu-west-1"});
  const std::vector<HeaderView> headers = {{"Host", "bucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"}};
  const SigningTime time = SigningTime::parse_or_throw("20150830T123600Z");
  std::vector<std::string> expected;
  for (const auto& j : jobs)
    expected.push_back(
        sign_request({"GET", j.target, headers}, Body(), j.creds, {time, j.region, "s3"}, SigningSettings::s3()).signature);

  std::atomic<int> wrong{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      SigningResult reused;  // one per thread, reused across requests
      for (int n = 0; n < 300; ++n) {
        const std::size_t i = static_cast<std::size_t>(t * 31 + n) % jobs.size();
        const auto& j = jobs[i];
        sign_request({"GET", j.target, headers}, Body(), j.creds, {time, j.region, "s3"}, SigningSettings::s3(), reused);
        if (reused.signature != expected[i]) ++wrong;
        ++done;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(done.load(), 8 * 300);
  EXPECT_EQ(wrong.load(), 0);
}

TEST(SigningKeyCacheConcurrency, ConcurrentThreadsAlwaysGetTheRightKey) {
  std::vector<std::array<std::uint8_t, 32>> expected;
  for (int i = 0; i < 8; ++i)
    expected.push_back(SigningKey::derive("secret" + std::to_string(i), "20150830", "us-east-1", "s3").bytes());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int n = 0; n < 2000; ++n) {
        const int i = (t + n) % 8;
        if (cached_signing_key("secret" + std::to_string(i), "20150830", "us-east-1", "s3").bytes() != expected[i])
          ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
