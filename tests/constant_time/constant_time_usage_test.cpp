// Every verification path compares secrets-derived values (signatures, chunk and trailer signatures,
// session tokens) with the constant-time comparison: each path below must call it, on success and on
// refusal alike. The wrapped symbol counts the calls and forwards to the real comparison.
//
// SigV4a (ECDSA) is the exception, on purpose: its signature is not recomputed and compared but
// verified with the public key (OpenSSL's ECDSA verification), and everything that verification
// touches (signature, string to sign, public key) is public, so there is no secret-dependent byte
// comparison to protect. The SigV4a tests below pin that down: the ECDSA paths make no such call
// (the session token of a SigV4a request still goes through it), and the HMAC paths still do after the
// algorithm branch was added next to them.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <string_view>

#include "sigv4/chunk_signer.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/sigv4a_key.hpp"
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

Signed make_request(bool presign, std::string_view token = {}, bool sigv4a = false) {
  Signed s;
  s.request = HttpRequest::from_url("GET", "https://bucket.s3.amazonaws.com/key");
  const Credentials creds("AKIDEXAMPLE", "secret", token);
  SigningSettings settings = presign ? SigningSettings::s3_presign(60) : SigningSettings::s3();
  if (sigv4a) settings = settings.with_sigv4a();
  s.result = sign_in_place(s.request, creds, {kTime, "us-east-1", "s3"}, settings);
  return s;
}

// Verifies and reports the outcome too, so the SigV4a tests can show what was accepted.
struct Outcome {
  int calls = 0;
  bool ok = false;
};
Outcome verify_counting(const HttpRequest& request, std::optional<std::string_view> token = {}) {
  CredentialStore store;
  store.add("AKIDEXAMPLE", "secret", token);
  VerifyOptions opt;
  opt.now = kTime;
  std::vector<HeaderView> views;
  const int before = g_calls.load();
  const bool ok = verify_request(request.view(views), store.lookup(), opt).ok();
  return {g_calls.load() - before, ok};
}

int calls_while_verifying(const HttpRequest& request, std::optional<std::string_view> token = {}) {
  return verify_counting(request, token).calls;
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

TEST(ConstantTimeUsage, Sigv4aSignaturesAreVerifiedWithThePublicKeyNotCompared) {
  for (bool presign : {false, true}) {
    auto s = make_request(presign, {}, true);
    const Outcome good = verify_counting(s.request);
    EXPECT_TRUE(good.ok);
    EXPECT_EQ(good.calls, 0);  // ECDSA verification, no byte comparison
  }
  // A session token is a secret shared with the server: still compared in constant time.
  auto t = make_request(false, "the-token", true);
  const Outcome with_token = verify_counting(t.request, std::string_view("the-token"));
  EXPECT_TRUE(with_token.ok);
  EXPECT_EQ(with_token.calls, 1);
}

TEST(ConstantTimeUsage, Sigv4aChunkSignaturesAreVerifiedNotCompared) {
  const auto key = cached_sigv4a_signing_key("AKIDEXAMPLE", "secret");
  const std::string seed = key.sign_hex("seed");
  ChunkSigner sender(key, kTime, "20150830/s3/aws4_request", seed);
  ChunkSigner receiver(key.public_key(), kTime, "20150830/s3/aws4_request", seed);
  const auto hash = crypto::sha256("chunk data");
  char sig[kMaxChunkSignatureLength];
  sender.sign_chunk(hash, sig);
  const int before = g_calls.load();
  EXPECT_TRUE(receiver.verify_chunk(hash, std::string_view(sig, sender.wire_signature_length())));
  EXPECT_EQ(g_calls.load() - before, 0);
}

}  // namespace
