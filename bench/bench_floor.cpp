// W1_floor_handwritten, W2_floor_handwritten: how fast the W1 signature and the W2 presigned URL can be
// on this machine when everything general is taken out, to tell what the issue-6 ratio targets leave
// for a real signer. W*_floor_hash_only: the SHA-256 calls alone.
//
// They are deliberately NOT signers: each knows its request's shape (names already valid, the path and
// query already canonical, one query parameter, no value to trim) and skips every check and every
// rule sign_request() applies. What they still do is what any signer of the request must do: lower-
// case and sort the header names, write the canonical request into a stack buffer (W2: with the
// X-Amz-* query parameters, '/' and ';' percent-encoded), hash it, write the string to sign, HMAC it
// with the caller's precomputed key states (no cache lookup), hex-encode, and write the Authorization
// header (W1) or the presigned target (W2). Each checks its output against sign_request()'s before
// timing. No name starts with a targeted prefix (bench/targets.hpp): reported, not judged.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "block_count.hpp"
#include "op_counters.hpp"
#include "sigv4/crypto/hex.hpp"
#include "sigv4/crypto/sha256.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "workloads.hpp"

namespace sigv4::bench {
namespace {

struct Out {
  char* p;
  void put(std::string_view s) noexcept {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  void put(char c) noexcept { *p++ = c; }
};

struct FloorHeader {
  std::array<char, 64> name;
  std::size_t name_size;
  std::string_view value;
  [[nodiscard]] std::string_view lower_name() const noexcept { return {name.data(), name_size}; }
};

// Lower-cases the workload's header names into h and sorts pointers to them into sorted.
void lower_and_sort(const Workload& w, std::array<FloorHeader, 8>& h, std::array<const FloorHeader*, 8>& sorted) {
  const std::size_t n = w.headers.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& in = w.headers[i];
    for (std::size_t j = 0; j < in.name.size(); ++j) {
      const char c = in.name[j];
      h[i].name[j] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
    }
    h[i].name_size = in.name.size();
    h[i].value = in.value;
    sorted[i] = &h[i];
  }
  std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(n),
            [](const FloorHeader* a, const FloorHeader* b) { return a->lower_name() < b->lower_name(); });
}

// Writes the canonical headers, the blank line, the signed-header list and the payload hash: the
// canonical request's tail, the same for W1 and W2. Returns the signed-header list's place in c.
std::string_view put_canonical_headers_and_payload(Out& c, const std::array<const FloorHeader*, 8>& sorted,
                                                   std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    c.put(sorted[i]->lower_name());
    c.put(':');
    c.put(sorted[i]->value);
    c.put('\n');
  }
  c.put('\n');
  char* const signed_headers = c.p;
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) c.put(';');
    c.put(sorted[i]->lower_name());
  }
  const std::string_view signed_view(signed_headers, static_cast<std::size_t>(c.p - signed_headers));
  c.put('\n');
  c.put("UNSIGNED-PAYLOAD");
  return signed_view;
}

// Hashes the canonical request [creq, end), writes the string to sign into sts and writes its HMAC
// (hex) at signature.
void sign_canonical(const char* creq, const char* end, std::string_view amz_date, std::string_view scope,
                    const SigningKey& key, char* signature) noexcept {
  char sts[256];
  Out s{sts};
  s.put("AWS4-HMAC-SHA256\n");
  s.put(amz_date);
  s.put('\n');
  s.put(scope);
  s.put('\n');
  crypto::Sha256 hash;
  hash.update(creq, static_cast<std::size_t>(end - creq));
  std::uint8_t digest[32];
  hash.finish(digest);
  crypto::hex_encode(digest, s.p);
  s.p += 64;
  key.sign_hex(std::string_view(sts, static_cast<std::size_t>(s.p - sts)), signature);
}

// What the floors take as given: the workload's parts, split and formatted once, outside the timing.
struct FloorInput {
  const Workload& w;
  std::string_view path;
  std::string_view query;
  std::string_view amz_date;
  std::string scope;  // "20150830/us-east-1/s3/aws4_request"
  std::string_view access_key;
  std::string expires;
  SigningKey key;  // the caller's key: no cache lookup
};

FloorInput floor_input(const WorkloadSet& set, const Workload& w) {
  const std::string_view target = w.target;
  const std::size_t question = target.find('?');
  const std::string_view amz_date = set.time.amz_date();
  const std::string_view date = amz_date.substr(0, 8);
  return FloorInput{w,
                    target.substr(0, question),
                    target.substr(question + 1),
                    amz_date,
                    std::string(date) + "/" + set.region + "/" + set.service + "/aws4_request",
                    set.credentials.access_key_id,
                    std::to_string(w.settings.expires_seconds),
                    SigningKey::derive(set.credentials.secret_access_key.reveal(), date, set.region, set.service)};
}

// Lower-cases and sorts the header names and writes the canonical request's method and path lines.
void start_canonical(Out& c, const FloorInput& in, std::array<FloorHeader, 8>& h,
                     std::array<const FloorHeader*, 8>& sorted) noexcept {
  lower_and_sort(in.w, h, sorted);
  c.put(in.w.method);
  c.put('\n');
  c.put(in.path);
  c.put('\n');
}

// Writes the W1 Authorization value to `authorization` and returns its size.
std::size_t floor_sign(const FloorInput& in, char* authorization) {
  std::array<FloorHeader, 8> h;
  std::array<const FloorHeader*, 8> sorted;
  char creq[512];
  Out c{creq};
  start_canonical(c, in, h, sorted);
  c.put(in.query);
  c.put('\n');
  const std::string_view signed_view = put_canonical_headers_and_payload(c, sorted, in.w.headers.size());
  char signature[64];
  sign_canonical(creq, c.p, in.amz_date, in.scope, in.key, signature);

  Out a{authorization};
  a.put("AWS4-HMAC-SHA256 Credential=");
  a.put(in.access_key);
  a.put('/');
  a.put(in.scope);
  a.put(", SignedHeaders=");
  a.put(signed_view);
  a.put(", Signature=");
  a.put(std::string_view(signature, 64));
  return static_cast<std::size_t>(a.p - authorization);
}

// Writes '/' as %2F (the only byte of an access key and scope that needs encoding here).
void put_slash_encoded(Out& o, std::string_view s) noexcept {
  for (const char c : s) {
    if (c == '/') {
      o.put("%2F");
    } else {
      o.put(c);
    }
  }
}

// Writes the W2 presigned target ("/path?query&X-Amz-...&X-Amz-Signature=...") and returns its size.
std::size_t floor_presign(const FloorInput& in, char* target) {
  std::array<FloorHeader, 8> h;
  std::array<const FloorHeader*, 8> sorted;
  const std::size_t n = in.w.headers.size();
  char creq[768];
  Out c{creq};
  start_canonical(c, in, h, sorted);
  // The X-Amz-* parameters sort before the caller's lower-case "versionId" (W2's shape).
  char* const params = c.p;
  c.put("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
  put_slash_encoded(c, in.access_key);
  c.put("%2F");
  put_slash_encoded(c, in.scope);
  c.put("&X-Amz-Date=");
  c.put(in.amz_date);
  c.put("&X-Amz-Expires=");
  c.put(in.expires);
  c.put("&X-Amz-SignedHeaders=");
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) c.put("%3B");
    c.put(sorted[i]->lower_name());
  }
  const std::string_view params_view(params, static_cast<std::size_t>(c.p - params));
  c.put('&');
  c.put(in.query);
  c.put('\n');
  put_canonical_headers_and_payload(c, sorted, n);

  Out t{target};
  t.put(in.path);
  t.put('?');
  t.put(in.query);
  t.put('&');
  t.put(params_view);
  t.put("&X-Amz-Signature=");
  sign_canonical(creq, c.p, in.amz_date, in.scope, in.key, t.p);
  t.p += 64;
  return static_cast<std::size_t>(t.p - target);
}

// Checks a floor's output against sign_request()'s for the workload, then times the floor.
template <typename Floor>
void run_floor(benchmark::State& state, std::string_view id, Floor floor,
               std::string SigningResult::*expected) {
  const WorkloadSet& set = workloads();
  const Workload& w = set.get(id);
  const FloorInput in = floor_input(set, w);
  std::vector<HeaderView> storage;
  SigningResult result;
  sign_request(w.view(storage), Body::bytes(w.body), set.credentials, set.scope(), w.settings, result);
  char out[1024];
  if (std::string_view(out, floor(in, out)) != result.*expected) {
    state.SkipWithError("the hand-written floor disagrees with sign_request");
    return;
  }
  const std::size_t blocks = signature_blocks(result.canonical_request.size(), result.string_to_sign.size(),
                                              set.credentials.secret_access_key.size(), set.region.size(),
                                              set.service.size(), KeyDerivation::cached);
  for (auto _ : state) {
    benchmark::DoNotOptimize(floor(in, out));
    benchmark::DoNotOptimize(out);
  }
  report_op_counters(state, blocks, 0, 0);
}

void W1_floor_handwritten(benchmark::State& state) {
  run_floor(state, "W1", floor_sign, &SigningResult::authorization);
}
void W2_floor_handwritten(benchmark::State& state) {
  run_floor(state, "W2", floor_presign, &SigningResult::presigned_target);
}

// Only the SHA-256 work of a cached signature (W1, W2), through the same OpenSSL calls the signer makes:
// hash the canonical request, HMAC the string to sign from the precomputed key states. Everything
// above this is the signer's; everything between this and the block bound is the cost of starting,
// padding and finishing three short messages (the bound counts only the compression of their blocks).
void floor_hash_only(benchmark::State& state, std::string_view id) {
  const WorkloadSet& set = workloads();
  const Workload& w = set.get(id);
  std::vector<HeaderView> storage;
  SigningResult result;
  sign_request(w.view(storage), Body::bytes(w.body), set.credentials, set.scope(), w.settings, result);
  const SigningKey key = SigningKey::derive(set.credentials.secret_access_key.reveal(),
                                            result.credential_scope.substr(0, 8), set.region, set.service);
  const std::string& creq = result.canonical_request;
  const std::string& sts = result.string_to_sign;
  const std::size_t blocks = signature_blocks(creq.size(), sts.size(), set.credentials.secret_access_key.size(),
                                              set.region.size(), set.service.size(), KeyDerivation::cached);
  std::uint8_t digest[32];
  char signature[64];
  for (auto _ : state) {
    crypto::Sha256 hash;
    hash.update(creq);
    hash.finish(digest);
    benchmark::DoNotOptimize(digest);
    key.sign_hex(sts, signature);
    benchmark::DoNotOptimize(signature);
  }
  if (std::string_view(signature, 64) != result.signature) state.SkipWithError("not W1's signature");
  report_op_counters(state, blocks, 0, 0);
}

void W1_floor_hash_only(benchmark::State& state) { floor_hash_only(state, "W1"); }
void W2_floor_hash_only(benchmark::State& state) { floor_hash_only(state, "W2"); }

BENCHMARK(W1_floor_hash_only);
BENCHMARK(W1_floor_handwritten);
BENCHMARK(W2_floor_hash_only);
BENCHMARK(W2_floor_handwritten);

}  // namespace
}  // namespace sigv4::bench
