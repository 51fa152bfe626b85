// W5: a server verifying the W1 request (parse the Authorization header, check the rules S3 applies,
// recompute the signature with the cached key, compare in constant time), as a server does it: with a
// reused Verifier context over its CredentialStore. W5_verify_oneshot is the convenience function
// verify_request, which builds a fresh context (and allocates) every call.
#include <benchmark/benchmark.h>

#include "alloc_counter.hpp"
#include "block_count.hpp"
#include "op_counters.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/verifier.hpp"
#include "workloads.hpp"

namespace sigv4::bench {
namespace {

void verify_workload(benchmark::State& state, bool reuse_context) {
  const WorkloadSet& set = workloads();
  const Workload& w = set.get("W1");
  HttpRequest request;
  request.method = w.method;
  request.target = w.target;
  request.headers = w.headers;
  const SigningResult signed_request = sign_in_place(request, set.credentials, set.scope(), w.settings);
  std::vector<HeaderView> views;
  const RequestView view = request.view(views);

  CredentialStore store;
  store.add(set.credentials.access_key_id, set.credentials.secret_access_key.reveal());
  const CredentialLookup lookup = store.lookup();
  VerifyOptions options;
  options.now = set.time;
  options.region = set.region;
  options.service = set.service;

  const VerifyResult warm = verify_request(view, lookup, options);  // also fills the key cache
  if (!warm.ok()) {
    state.SkipWithError("the W1 request does not verify");
    return;
  }
  const std::size_t blocks = signature_blocks(warm.canonical_request.size(), warm.string_to_sign.size(), 0, 0,
                                              0, KeyDerivation::cached);
  if (!reuse_context) {
    const std::uint64_t allocations_before = thread_allocations();
    for (auto _ : state) {
      VerifyResult r = verify_request(view, lookup, options);
      benchmark::DoNotOptimize(r.error.has_value());
    }
    report_op_counters(state, blocks, thread_allocations() - allocations_before);
    return;
  }
  Verifier verifier(store);
  verifier.verify(view, options);  // warm-up: sizes the context's buffers
  verifier.verify(view, options);  // (twice: the result and the signer swap buffers)
  const std::uint64_t allocations_before = thread_allocations();
  for (auto _ : state) {
    const VerifyResult& r = verifier.verify(view, options);
    benchmark::DoNotOptimize(r.error.has_value());
  }
  if (!verifier.result().ok()) state.SkipWithError("the W1 request stopped verifying");
  report_op_counters(state, blocks, thread_allocations() - allocations_before);
  (void)signed_request;
}

void W5_verify(benchmark::State& state) { verify_workload(state, true); }
void W5_verify_oneshot(benchmark::State& state) { verify_workload(state, false); }
BENCHMARK(W5_verify);
BENCHMARK(W5_verify_oneshot);
BENCHMARK(W5_verify)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace sigv4::bench
