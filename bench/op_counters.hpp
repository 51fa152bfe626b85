// Counters every sigv4_bench benchmark reports the same way, so the summary and bench/compare can read
// them: "blocks" (SHA-256 compression blocks of one operation, the workload's physical limit) and
// "allocs_per_op" (heap allocations of one operation after warm-up, from alloc_counter).
#pragma once

#include <cstddef>
#include <cstdint>

#include <benchmark/benchmark.h>

namespace sigv4::bench {

inline void report_op_counters(benchmark::State& state, std::size_t blocks, std::uint64_t allocations) {
  const double iterations = static_cast<double>(state.iterations());
  state.counters["blocks"] = benchmark::Counter(static_cast<double>(blocks), benchmark::Counter::kAvgThreads);
  state.counters["allocs_per_op"] =
      benchmark::Counter(iterations > 0 ? static_cast<double>(allocations) / iterations : 0.0,
                         benchmark::Counter::kAvgThreads);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(blocks) * 64);
}

}  // namespace sigv4::bench
