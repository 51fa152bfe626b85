// Credentials refreshed while many threads sign with them (issue 9). A CachingProvider in front of a
// provider whose credentials expire almost at once (a fake clock that advances one second per call,
// credentials valid 40 s past the 5-minute refresh window) refreshes every few dozen calls, while 8
// threads each resolve and sign a few thousand requests and a ninth invalidates the cache now and then.
//
// What could go wrong, and what each check catches:
//   - a reader copying the cached credentials while a refresh replaces them (a data race: TSan, which
//     `make test-tsan` runs this under, reports it; a torn copy would pair one generation's access key
//     with another's secret or token, which the generation check below sees in any build);
//   - the per-thread signing key cache serving the key of an older secret: each signature is checked
//     against an HMAC-SHA256 key derivation done here with OpenSSL, not with the library's code.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sigv4/credential_providers.hpp"
#include "sigv4/signer.hpp"

namespace {

using namespace sigv4;
using namespace std::chrono;

constexpr int kThreads = 8;
constexpr int kSignaturesPerThread = 2000;
constexpr auto kRefreshBefore = minutes(5);
constexpr auto kLifetimePastRefresh = seconds(40);  // so one refresh per ~40 resolve() calls

// Generation N's key pair and token all follow from N, so a reader can tell whether the three parts
// it received belong together. The access key alone names the generation.
std::string access_key_of(std::uint64_t generation) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ASIAGEN%013llu", static_cast<unsigned long long>(generation));
  return buf;
}
std::string secret_of(std::string_view access_key) { return "secret/" + std::string(access_key) + "/k"; }
std::string token_of(std::string_view access_key) { return "token-" + std::string(access_key); }
std::uint64_t generation_of(std::string_view access_key) {
  return std::stoull(std::string(access_key.substr(7)));
}

// Time that moves one second on every call, shared by the cache and the provider behind it.
class FakeClock {
 public:
  system_clock::time_point tick() { return base_ + seconds(ticks_.fetch_add(1, std::memory_order_relaxed)); }
  system_clock::time_point peek() const { return base_ + seconds(ticks_.load(std::memory_order_relaxed)); }

 private:
  const system_clock::time_point base_ = system_clock::now();
  std::atomic<std::int64_t> ticks_{0};
};

// Hands out a new generation on every call, expiring shortly after the refresh window opens.
class RotatingProvider final : public CredentialsProvider {
 public:
  explicit RotatingProvider(const FakeClock& clock) : clock_(clock) {}
  CredentialsOutcome resolve() override {
    const std::uint64_t generation = ++generations_;
    const std::string ak = access_key_of(generation);
    Credentials c(ak, secret_of(ak), token_of(ak));
    c.expiration = clock_.peek() + kRefreshBefore + kLifetimePastRefresh;
    return CredentialsOutcome::ok(std::move(c), "rotating");
  }
  std::string name() const override { return "rotating"; }
  std::uint64_t generations() const { return generations_.load(); }

 private:
  const FakeClock& clock_;
  std::atomic<std::uint64_t> generations_{0};
};

// The SigV4 signature of a string to sign, derived from the secret with OpenSSL's HMAC
// (kDate = HMAC("AWS4" + secret, date), kRegion, kService, kSigning, then HMAC(kSigning, sts)).
std::string oracle_signature(std::string_view secret, std::string_view date, std::string_view region,
                             std::string_view service, std::string_view string_to_sign) {
  auto hmac = [](std::string_view key, std::string_view msg) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &len);
    return std::string(reinterpret_cast<const char*>(out), len);
  };
  std::string k = hmac("AWS4" + std::string(secret), date);
  k = hmac(k, region);
  k = hmac(k, service);
  k = hmac(k, "aws4_request");
  const std::string sig = hmac(k, string_to_sign);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : sig) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

struct Signed {
  std::string access_key;
  int request = 0;
  std::string string_to_sign;
  std::string signature;
};

const SigningTime kTime = SigningTime::parse_or_throw("20261125T120000Z");
constexpr std::string_view kRegion = "eu-west-1";
constexpr std::string_view kService = "s3";

std::string target_of(int request) {
  return "/bucket/obj-" + std::to_string(request % 97) + "?part=" + std::to_string(request % 7);
}

SigningResult sign_with(const Credentials& creds, int request) {
  const std::string target = target_of(request);
  const std::vector<HeaderView> headers = {{"Host", "s3.eu-west-1.amazonaws.com"}};
  return sign_request({"GET", target, headers}, Body(), creds, {kTime, kRegion, kService},
                      SigningSettings::s3());
}

TEST(CredentialRefreshConcurrency, SignersNeverSeeTornCredentialsAndEverySignatureMatchesItsCredentials) {
  FakeClock clock;
  auto inner = std::make_shared<RotatingProvider>(clock);
  CachingProvider cache(inner, duration_cast<seconds>(kRefreshBefore), [&clock] { return clock.tick(); });

  std::atomic<int> torn{0}, not_found{0}, wrong_headers{0};
  std::atomic<bool> signing{true};
  std::vector<std::vector<Signed>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto& mine = results[static_cast<std::size_t>(t)];
      mine.reserve(kSignaturesPerThread);
      for (int n = 0; n < kSignaturesPerThread; ++n) {
        const CredentialsOutcome o = cache.resolve();
        if (!o.found()) {
          ++not_found;
          continue;
        }
        const Credentials& c = o.credentials;
        if (c.secret_access_key.reveal() != secret_of(c.access_key_id) ||
            c.session_token.reveal() != token_of(c.access_key_id))
          ++torn;
        const int request = t * kSignaturesPerThread + n;
        SigningResult r = sign_with(c, request);
        // The headers sent must name the same generation as the signature.
        bool token_ok = false, auth_ok = false;
        for (const auto& h : r.headers_to_add) {
          if (h.name == "X-Amz-Security-Token") token_ok = h.value == token_of(c.access_key_id);
          if (h.name == "Authorization")
            auth_ok = h.value.find("Credential=" + c.access_key_id + "/") != std::string::npos;
        }
        if (!token_ok || !auth_ok) ++wrong_headers;
        mine.push_back({c.access_key_id, request, std::move(r.string_to_sign), std::move(r.signature)});
      }
    });
  // Someone reacting to a 403 ExpiredToken: drops the cache while the others read it.
  std::thread invalidator([&] {
    while (signing.load()) {
      cache.invalidate();
      std::this_thread::sleep_for(milliseconds(2));
    }
  });
  for (auto& th : threads) th.join();
  signing = false;
  invalidator.join();

  EXPECT_EQ(not_found.load(), 0);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(wrong_headers.load(), 0);
  // Refreshes happened all along, not once at the start.
  const std::uint64_t generations = inner->generations();
  EXPECT_GT(generations, static_cast<std::uint64_t>(kThreads * kSignaturesPerThread) / 100);

  // Every signature, checked single-threaded against credentials rebuilt from the generation number:
  // the library's own answer, and the OpenSSL key derivation over that string to sign.
  std::size_t checked = 0, wrong = 0;
  std::vector<bool> seen(generations + 1, false);
  for (const auto& mine : results)
    for (const auto& s : mine) {
      const std::uint64_t g = generation_of(s.access_key);
      ASSERT_GE(g, 1u);
      ASSERT_LE(g, generations);
      seen[g] = true;
      const std::string ak = access_key_of(g);
      const Credentials creds(ak, secret_of(ak), token_of(ak));
      const SigningResult again = sign_with(creds, s.request);
      const std::string oracle =
          oracle_signature(secret_of(ak), kTime.date_stamp(), kRegion, kService, again.string_to_sign);
      if (again.signature != s.signature || again.string_to_sign != s.string_to_sign || oracle != s.signature)
        ++wrong;
      ++checked;
    }
  EXPECT_EQ(checked, static_cast<std::size_t>(kThreads * kSignaturesPerThread));
  EXPECT_EQ(wrong, 0u);
  std::size_t used = 0;
  for (bool b : seen) used += b ? 1 : 0;
  EXPECT_GT(used, 1u) << "signers used only one generation of credentials";
  std::printf("%zu signatures checked, %llu refreshes, %zu generations used for signing\n", checked,
              static_cast<unsigned long long>(generations), used);
}

}  // namespace
