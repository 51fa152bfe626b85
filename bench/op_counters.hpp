// Counters every sigv4_bench benchmark reports the same way, so the summary and bench/compare can read
// them: "blocks" (SHA-256 compression blocks of one operation, the workload's physical limit),
// "allocs_per_op" (heap allocations of one operation after warm-up, from alloc_counter) and
// bytes_per_second (payload bytes when the workload has a payload, else the bytes hashed).
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>

namespace sigv4::bench {

inline void report_op_counters(benchmark::State& state, std::size_t blocks, std::uint64_t allocations,
                               std::size_t payload_bytes = 0) {
  const double iterations = static_cast<double>(state.iterations());
  state.counters["blocks"] = benchmark::Counter(static_cast<double>(blocks), benchmark::Counter::kAvgThreads);
  state.counters["allocs_per_op"] = benchmark::Counter(
      iterations > 0 ? static_cast<double>(allocations) / iterations : 0.0, benchmark::Counter::kAvgThreads);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(payload_bytes != 0 ? payload_bytes : blocks * 64));
}

}  // namespace sigv4::bench
