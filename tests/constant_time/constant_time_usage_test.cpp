// Every verification path compares secrets-derived values (signatures, chunk and trailer signatures,
// session tokens) with the constant-time comparison: each path below must call it, on success and on
// refusal alike. The wrapped symbol counts the calls and forwards to the real comparison.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <string_view>

#include "sigv4/chunk_signer.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/verifier.hpp"

namespace {
std::atomic<int> g_calls{0};
}

// The linker sends every call from the library to constant_time_equal here.
extern "C++" {
namespace sigv4::crypto {
bool __real_constant_time_equal(std::string_view a, std::string_view b) noexcept
    __asm__("__real__ZN5sigv46crypto19constant_time_equalESt17basic_string_viewIcSt11char_traitsIcEES4_");
bool __wrap_constant_time_equal(std::string_view a, std::string_view b) noexcept
    __asm__("__wrap__ZN5sigv46crypto19constant_time_equalESt17basic_string_viewIcSt11char_traitsIcEES4_");
bool __wrap_constant_time_equal(std::string_view a, std::string_view b) noexcept {
  ++g_calls;
  return __real_constant_time_equal(a, b);
}
}  // namespace sigv4::crypto
}

namespace {

using namespace sigv4;

const SigningTime kTime = SigningTime::parse_or_throw("20150830T123600Z");

struct Signed {
  HttpRequest request;
  SigningResult result;
};

Signed make_request(bool presign, std::string_view token = {}) {
  Signed s;
  s.request = HttpRequest::from_url("GET", "https://bucket.s3.amazonaws.com/key");
  const Credentials creds("AKIDEXAMPLE", "secret", token);
  s.result = sign_in_place(s.request, creds, {kTime, "us-east-1", "s3"},
                           presign ? SigningSettings::s3_presign(60) : SigningSettings::s3());
  return s;
}

int calls_while_verifying(const HttpRequest& request, std::optional<std::string_view> token = {}) {
  CredentialStore store;
  store.add("AKIDEXAMPLE", "secret", token);
  VerifyOptions opt;
  opt.now = kTime;
  std::vector<HeaderView> views;
  const int before = g_calls.load();
  (void)verify_request(request.view(views), store.lookup(), opt);
  return g_calls.load() - before;
}

TEST(ConstantTimeUsage, HeaderSignatureComparison) {
  auto s = make_request(false);
  EXPECT_GE(calls_while_verifying(s.request), 1);
  s.request.set_header("Authorization", s.result.authorization.substr(0, s.result.authorization.size() - 1) + "0");
  EXPECT_GE(calls_while_verifying(s.request), 1);  // a wrong signature is refused through the same comparison
}

TEST(ConstantTimeUsage, PresignedSignatureComparison) {
  auto s = make_request(true);
  EXPECT_GE(calls_while_verifying(s.request), 1);
  s.request.target.back() = s.request.target.back() == '0' ? '1' : '0';
  EXPECT_GE(calls_while_verifying(s.request), 1);
}

TEST(ConstantTimeUsage, SessionTokenComparison) {
  auto s = make_request(false, "the-token");
  EXPECT_GE(calls_while_verifying(s.request, std::string_view("the-token")), 2);  // token and signature
}

TEST(ConstantTimeUsage, ChunkAndTrailerSignatureComparison) {
  const SigningKey key = cached_signing_key("secret", "20150830", "us-east-1", "s3");
  const std::string seed(64, 'a');
  ChunkSigner sender(key, kTime, "20150830/us-east-1/s3/aws4_request", seed);
  ChunkSigner receiver(key, kTime, "20150830/us-east-1/s3/aws4_request", seed);
  const auto hash = crypto::sha256("chunk data");
  char sig_buf[64];
  sender.sign_chunk(hash, sig_buf);
  const std::string sig(sig_buf, 64);
  int before = g_calls.load();
  EXPECT_TRUE(receiver.verify_chunk(hash, sig));
  EXPECT_EQ(g_calls.load() - before, 1);
  before = g_calls.load();
  EXPECT_FALSE(receiver.verify_chunk(hash, std::string(64, '0')));
  EXPECT_EQ(g_calls.load() - before, 1);
  before = g_calls.load();
  (void)receiver.verify_trailer("x-amz-checksum-crc32:AAAAAA==\n", std::string(64, '0'));
  EXPECT_EQ(g_calls.load() - before, 1);
}

}  // namespace
