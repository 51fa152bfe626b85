// The per-block cost of the physical limit: OpenSSL's bulk SHA-256 (EVP, SHA-NI on this CPU) over
// 1 MiB, in the same run as the workloads. The summary divides its time by its block count.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "block_count.hpp"
#include "op_counters.hpp"
#include "workloads.hpp"

namespace sigv4::bench {
namespace {

struct EvpMdCtxFree {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

void SHA256_bulk_1MiB(benchmark::State& state) {
  const std::string data = generated_body(1 << 20);
  std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx) throw std::runtime_error("EVP_MD_CTX_new failed");
  unsigned char digest[32];
  unsigned int len = 0;
  for (auto _ : state) {
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx.get(), data.data(), data.size());
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    benchmark::DoNotOptimize(digest);
  }
  report_op_counters(state, sha256_blocks(data.size()), 0);
}
BENCHMARK(SHA256_bulk_1MiB)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sigv4::bench
