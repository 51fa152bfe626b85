// W1 (header-sign a GET, key derived every time and cached), W2 (presign it) and W3 (header-sign a
// PUT whose 1 MiB body is hashed): one sign_request() per iteration with a reused SigningResult.
#include <benchmark/benchmark.h>

#include "alloc_counter.hpp"
#include "block_count.hpp"
#include "op_counters.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "workloads.hpp"

namespace sigv4::bench {
namespace {

void sign_workload(benchmark::State& state, std::string_view id, KeyDerivation derivation) {
  const WorkloadSet& set = workloads();
  const Workload& w = set.get(id);
  std::vector<HeaderView> storage;
  const RequestView view = w.view(storage);
  const Body body = Body::bytes(w.body);
  const SigningScope scope = set.scope();
  SigningResult result;
  sign_request(view, body, set.credentials, scope, w.settings, result);  // warm-up: sizes the buffers
  const std::size_t blocks =
      w.body_blocks() + signature_blocks(result.canonical_request.size(), result.string_to_sign.size(),
                                         set.credentials.secret_access_key.size(), scope.region.size(),
                                         scope.service.size(), derivation);
  const std::uint64_t allocations_before = thread_allocations();
  for (auto _ : state) {
    // A fresh key cache each time is what a one-shot signer (a CLI, a new thread) sees.
    if (derivation == KeyDerivation::every_time) clear_signing_key_cache();
    sign_request(view, body, set.credentials, scope, w.settings, result);
    benchmark::DoNotOptimize(result.signature.data());
  }
  report_op_counters(state, blocks, thread_allocations() - allocations_before, w.body.size());
}

void W1_sign_get_nocache(benchmark::State& s) { sign_workload(s, "W1", KeyDerivation::every_time); }
void W1_sign_get_cached(benchmark::State& s) { sign_workload(s, "W1", KeyDerivation::cached); }
void W2_presign(benchmark::State& s) { sign_workload(s, "W2", KeyDerivation::cached); }
void W2_presign_nocache(benchmark::State& s) { sign_workload(s, "W2", KeyDerivation::every_time); }
void W3_put_1MiB(benchmark::State& s) { sign_workload(s, "W3", KeyDerivation::cached); }

BENCHMARK(W1_sign_get_nocache);
BENCHMARK(W1_sign_get_cached);
BENCHMARK(W1_sign_get_cached)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(W2_presign);
BENCHMARK(W2_presign_nocache);
BENCHMARK(W3_put_1MiB)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sigv4::bench
