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

// Writes the W1 Authorization value to `authorization` and returns its size.
std::size_t floor_sign(const Workload& w, std::string_view path, std::string_view query,
                       std::string_view amz_date, std::string_view scope, std::string_view access_key,
                       const SigningKey& key, char* authorization) {
  std::array<FloorHeader, 8> h;
  std::array<const FloorHeader*, 8> sorted;
  lower_and_sort(w, h, sorted);
  const std::size_t n = w.headers.size();

  char creq[512];
  Out c{creq};
  c.put(w.method);
  c.put('\n');
  c.put(path);
  c.put('\n');
  c.put(query);
  c.put('\n');
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

  char sts[256];
  Out s{sts};
  s.put("AWS4-HMAC-SHA256\n");
  s.put(amz_date);
  s.put('\n');
  s.put(scope);
  s.put('\n');
  crypto::Sha256 hash;
  hash.update(creq, static_cast<std::size_t>(c.p - creq));
  std::uint8_t digest[32];
  hash.finish(digest);
  crypto::hex_encode(digest, s.p);
  s.p += 64;

  char signature[64];
  key.sign_hex(std::string_view(sts, static_cast<std::size_t>(s.p - sts)), signature);

  Out a{authorization};
  a.put("AWS4-HMAC-SHA256 Credential=");
  a.put(access_key);
  a.put('/');
  a.put(scope);
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
std::size_t floor_presign(const Workload& w, std::string_view path, std::string_view query,
                          std::string_view amz_date, std::string_view scope, std::string_view access_key,
                          std::string_view expires, const SigningKey& key, char* target) {
  std::array<FloorHeader, 8> h;
  std::array<const FloorHeader*, 8> sorted;
  lower_and_sort(w, h, sorted);
  const std::size_t n = w.headers.size();

  char creq[768];
  Out c{creq};
  c.put(w.method);
  c.put('\n');
  c.put(path);
  c.put('\n');
  // The X-Amz-* parameters sort before the caller's lower-case "versionId" (W2's shape).
  char* const params = c.p;
  c.put("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
  put_slash_encoded(c, access_key);
  c.put("%2F");
  put_slash_encoded(c, scope);
  c.put("&X-Amz-Date=");
  c.put(amz_date);
  c.put("&X-Amz-Expires=");
  c.put(expires);
  c.put("&X-Amz-SignedHeaders=");
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) c.put("%3B");
    c.put(sorted[i]->lower_name());
  }
  const std::string_view params_view(params, static_cast<std::size_t>(c.p - params));
  c.put('&');
  c.put(query);
  c.put('\n');
  for (std::size_t i = 0; i < n; ++i) {
    c.put(sorted[i]->lower_name());
    c.put(':');
    c.put(sorted[i]->value);
    c.put('\n');
  }
  c.put('\n');
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) c.put(';');
    c.put(sorted[i]->lower_name());
  }
  c.put('\n');
  c.put("UNSIGNED-PAYLOAD");

  char sts[256];
  Out s{sts};
  s.put("AWS4-HMAC-SHA256\n");
  s.put(amz_date);
  s.put('\n');
  s.put(scope);
  s.put('\n');
  crypto::Sha256 hash;
  hash.update(creq, static_cast<std::size_t>(c.p - creq));
  std::uint8_t digest[32];
  hash.finish(digest);
  crypto::hex_encode(digest, s.p);
  s.p += 64;

  Out t{target};
  t.put(path);
  t.put('?');
  t.put(query);
  t.put('&');
  t.put(params_view);
  t.put("&X-Amz-Signature=");
  key.sign_hex(std::string_view(sts, static_cast<std::size_t>(s.p - sts)), t.p);
  t.p += 64;
  return static_cast<std::size_t>(t.p - target);
}

void W1_floor_handwritten(benchmark::State& state) {
  const WorkloadSet& set = workloads();
  const Workload& w = set.get("W1");
  const std::string_view target = w.target;
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = target.substr(question + 1);
  std::string_view amz_date;
  for (const auto& header : w.headers)
    if (header.name == "x-amz-date") amz_date = header.value;
  const std::string scope =
      std::string(amz_date.substr(0, 8)) + "/" + set.region + "/" + set.service + "/aws4_request";
  const SigningKey key = SigningKey::derive(set.credentials.secret_access_key.reveal(), amz_date.substr(0, 8),
                                            set.region, set.service);

  // The same request through the real signer: the floor must produce its Authorization header.
  std::vector<HeaderView> storage;
  SigningResult result;
  sign_request(w.view(storage), Body::bytes(w.body), set.credentials, set.scope(), w.settings, result);
  char authorization[512];
  const std::size_t size =
      floor_sign(w, path, query, amz_date, scope, set.credentials.access_key_id, key, authorization);
  if (std::string_view(authorization, size) != result.authorization) {
    state.SkipWithError("the hand-written floor disagrees with sign_request");
    return;
  }
  const std::size_t blocks = signature_blocks(result.canonical_request.size(), result.string_to_sign.size(),
                                              set.credentials.secret_access_key.size(), set.region.size(),
                                              set.service.size(), KeyDerivation::cached);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        floor_sign(w, path, query, amz_date, scope, set.credentials.access_key_id, key, authorization));
    benchmark::DoNotOptimize(authorization);
  }
  report_op_counters(state, blocks, 0, 0);
}

void W2_floor_handwritten(benchmark::State& state) {
  const WorkloadSet& set = workloads();
  const Workload& w = set.get("W2");
  const std::string_view target = w.target;
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = target.substr(question + 1);
  const std::string_view amz_date = set.time.amz_date();
  const std::string scope =
      std::string(amz_date.substr(0, 8)) + "/" + set.region + "/" + set.service + "/aws4_request";
  const SigningKey key = SigningKey::derive(set.credentials.secret_access_key.reveal(), amz_date.substr(0, 8),
                                            set.region, set.service);
  const std::string expires = std::to_string(w.settings.expires_seconds);

  std::vector<HeaderView> storage;
  SigningResult result;
  sign_request(w.view(storage), Body::bytes(w.body), set.credentials, set.scope(), w.settings, result);
  char presigned[1024];
  const std::size_t size =
      floor_presign(w, path, query, amz_date, scope, set.credentials.access_key_id, expires, key, presigned);
  if (std::string_view(presigned, size) != result.presigned_target) {
    state.SkipWithError("the hand-written floor disagrees with sign_request");
    return;
  }
  const std::size_t blocks = signature_blocks(result.canonical_request.size(), result.string_to_sign.size(),
                                              set.credentials.secret_access_key.size(), set.region.size(),
                                              set.service.size(), KeyDerivation::cached);
  for (auto _ : state) {
    benchmark::DoNotOptimize(floor_presign(w, path, query, amz_date, scope, set.credentials.access_key_id,
                                           expires, key, presigned));
    benchmark::DoNotOptimize(presigned);
  }
  report_op_counters(state, blocks, 0, 0);
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
