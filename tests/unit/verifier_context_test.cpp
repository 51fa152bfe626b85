// The reusable Verifier context (verifier.hpp) must give exactly what a fresh verify_request gives,
// whatever it verified before: it keeps buffers between calls, so a field left over from an earlier
// request (a claim, a token, a canonical request) would be a real bug. The requests are real clients'
// requests from ../shared/captures plus refused variants of them, verified in a shuffled order, twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "sigv4/raw_request.hpp"
#include "sigv4/verifier.hpp"

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

sigv4::HttpRequest load(const std::string& name) {
  std::ifstream in(std::string(SIGV4_SHARED_DIR) + "/captures/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = sigv4::parse_raw_request(ss.str());
  if (!parsed.request) throw std::runtime_error(name + ": " + parsed.error);
  return *parsed.request;
}

// The request's own X-Amz-Date (header or query), so that captures of any day verify.
sigv4::SigningTime own_time(const sigv4::HttpRequest& r) {
  if (const auto* h = r.find_header("x-amz-date")) {
    std::string_view v = h->value;
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    if (auto t = sigv4::SigningTime::parse(v)) return *t;
  }
  const auto at = r.target.find("X-Amz-Date=");
  if (at != std::string::npos)
    if (auto t = sigv4::SigningTime::parse(std::string_view(r.target).substr(at + 11, 16))) return *t;
  return *sigv4::SigningTime::parse("20260101T000000Z");
}

struct Case {
  std::string name;
  sigv4::HttpRequest request;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const char* file : {"js-http-buffer-small-01.raw", "js-http-buffer-trickykey-01.raw", "js-http-presign-01.raw",
                           "js-http-stream-small-01.raw", "minio-go-http-presign-01.raw",
                           "minio-go-http-put-small-01.raw", "minio-go-http-put-trickykey-01.raw",
                           "minio-go-http-signed-trailer-small-01.raw"}) {
    const auto base = load(file);
    out.push_back({file, base});
    if (const auto* auth = base.find_header("authorization")) {
      auto wrong_signature = base;
      std::string v = auth->value;
      v.back() = v.back() == '0' ? '1' : '0';
      wrong_signature.set_header("authorization", v);
      out.push_back({std::string(file) + " wrong signature", wrong_signature});
      auto malformed = base;
      malformed.set_header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015");
      out.push_back({std::string(file) + " malformed header", malformed});
      auto with_token = base;
      with_token.headers.push_back({"X-Amz-Security-Token", std::string(400, 't')});
      out.push_back({std::string(file) + " unsigned token", with_token});
      auto anonymous = base;
      std::erase_if(anonymous.headers, [](const sigv4::Header& h) { return h.name == "Authorization" || h.name == "authorization"; });
      out.push_back({std::string(file) + " anonymous", anonymous});
      auto repeated = base;
      repeated.headers.push_back({"Authorization", auth->value});
      out.push_back({std::string(file) + " repeated Authorization", repeated});
      auto unsigned_header = base;
      unsigned_header.headers.push_back({"X-Amz-Meta-Extra", "1"});
      out.push_back({std::string(file) + " unsigned x-amz header", unsigned_header});
    } else {
      auto tampered = base;
      tampered.target += "&extra=1";
      out.push_back({std::string(file) + " tampered query", tampered});
      auto both = base;
      both.headers.push_back({"Authorization", "AWS4-HMAC-SHA256 Credential=x"});
      out.push_back({std::string(file) + " two mechanisms", both});
    }
  }
  return out;
}

void expect_same(const sigv4::VerifyResult& fresh, const sigv4::VerifyResult& reused, const std::string& name) {
  SCOPED_TRACE(name);
  ASSERT_EQ(fresh.ok(), reused.ok());
  if (!fresh.ok()) {
    EXPECT_EQ(fresh.error->code, reused.error->code);
    EXPECT_EQ(fresh.error->message, reused.error->message);
    EXPECT_EQ(fresh.error->details, reused.error->details);
  }
  EXPECT_EQ(fresh.location, reused.location);
  EXPECT_EQ(fresh.claim.algorithm, reused.claim.algorithm);
  EXPECT_EQ(fresh.claim.credential.access_key_id, reused.claim.credential.access_key_id);
  EXPECT_EQ(fresh.claim.credential.date, reused.claim.credential.date);
  EXPECT_EQ(fresh.claim.credential.region, reused.claim.credential.region);
  EXPECT_EQ(fresh.claim.credential.service, reused.claim.credential.service);
  EXPECT_EQ(fresh.claim.signed_headers, reused.claim.signed_headers);
  EXPECT_EQ(fresh.claim.signed_headers_text, reused.claim.signed_headers_text);
  EXPECT_EQ(fresh.claim.signature, reused.claim.signature);
  EXPECT_EQ(fresh.claim.amz_date, reused.claim.amz_date);
  EXPECT_EQ(fresh.claim.expires, reused.claim.expires);
  EXPECT_EQ(fresh.claim.security_token, reused.claim.security_token);
  EXPECT_EQ(fresh.claim.content_sha256, reused.claim.content_sha256);
  EXPECT_EQ(fresh.time.unix_seconds(), reused.time.unix_seconds());
  EXPECT_EQ(fresh.credential_scope, reused.credential_scope);
  EXPECT_EQ(fresh.payload_hash, reused.payload_hash);
  EXPECT_EQ(fresh.s3_rules, reused.s3_rules);
  EXPECT_EQ(fresh.canonical_request, reused.canonical_request);
  EXPECT_EQ(fresh.string_to_sign, reused.string_to_sign);
  EXPECT_EQ(fresh.signature, reused.signature);
  EXPECT_EQ(fresh.signing_key.bytes(), reused.signing_key.bytes());
}

}  // namespace

TEST(VerifierContext, ReusedContextEqualsAFreshVerificationInAnyOrder) {
  sigv4::CredentialStore store;
  store.add("AKIDEXAMPLE", kSecret);
  auto all = cases();
  std::size_t accepted = 0;
  for (const auto& c : all) {
    std::vector<sigv4::HeaderView> hv;
    sigv4::VerifyOptions options;
    options.now = own_time(c.request);
    accepted += sigv4::verify_request(c.request.view(hv), store.lookup(), options).ok() ? 1 : 0;
  }
  // Every unmodified capture verifies and every variant is refused.
  EXPECT_EQ(accepted, 8u);

  sigv4::Verifier over_store(store);
  sigv4::Verifier over_lookup(store.lookup());
  std::mt19937 rng(20261125);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(all.begin(), all.end(), rng);
    for (const auto& c : all) {
      std::vector<sigv4::HeaderView> hv;
      const auto view = c.request.view(hv);
      sigv4::VerifyOptions options;
      options.now = own_time(c.request);
      const sigv4::VerifyResult fresh = sigv4::verify_request(view, store.lookup(), options);
      expect_same(fresh, over_store.verify(view, options), c.name + " (store)");
      expect_same(fresh, over_lookup.verify(view, options), c.name + " (lookup)");
    }
  }
}

TEST(VerifierContext, SigningKeyIsTheDerivedKeyOfTheScope) {
  // The chunk chain of a streaming upload starts from this key (payload_verifier.hpp).
  sigv4::CredentialStore store;
  store.add("AKIDEXAMPLE", kSecret);
  const auto req = load("js-http-stream-small-01.raw");
  sigv4::VerifyOptions options;
  options.now = own_time(req);
  std::vector<sigv4::HeaderView> hv;
  sigv4::Verifier verifier(store);
  const auto& r = verifier.verify(req.view(hv), options);
  ASSERT_TRUE(r.ok());
  const auto& c = r.claim.credential;
  EXPECT_EQ(r.signing_key.bytes(), sigv4::SigningKey::derive(kSecret, c.date, c.region, c.service).bytes());
}

TEST(AuthParameterParsers, InPlaceFormsEqualTheCopyingForms) {
  std::vector<std::string> reused{"stale-name-longer-than-sso", "x", "y", "z", "w"};
  for (std::string_view v : {"host", "host;x-amz-date", "a;b;c", "", "Host", "a;;b", "a;a", "content-type;host;x-amz-content-sha256"}) {
    const auto copied = sigv4::parse_signed_headers(v);
    const bool ok = sigv4::parse_signed_headers(v, reused);
    ASSERT_EQ(copied.has_value(), ok) << v;
    if (ok) {
      EXPECT_EQ(*copied, reused) << v;
    }
  }
  sigv4::CredentialField field{"OLD-AKID-LONGER-THAN-SSO", "19990101", "xx", "yy"};
  for (std::string_view v : {"AKID/20150830/us-east-1/s3/aws4_request", "A/20150830/r/s/aws4_request", "AKID/2015/r/s/aws4_request",
                             "a/b/20150830/r/s/aws4_request"}) {
    const auto copied = sigv4::parse_credential_field(v);
    const bool ok = sigv4::parse_credential_field(v, field);
    ASSERT_EQ(copied.has_value(), ok) << v;
    if (ok) {
      EXPECT_EQ(copied->access_key_id, field.access_key_id);
      EXPECT_EQ(copied->date, field.date);
      EXPECT_EQ(copied->region, field.region);
      EXPECT_EQ(copied->service, field.service);
    }
  }
}
