// Counts heap allocations made through the global operator new, per thread, so a benchmark can show
// that an operation reusing its SigningResult allocates nothing (issue 6: zero allocations per
// W1/W2/W5 operation). The replacement operator new lives in alloc_counter.cpp and is linked only into
// sigv4_bench.
#pragma once

#include <cstdint>

namespace sigv4::bench {

// Allocations made by the calling thread since it started.
std::uint64_t thread_allocations() noexcept;

}  // namespace sigv4::bench
