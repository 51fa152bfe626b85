// The targets of issue 6, in one place, checked by the summary sigv4_bench prints after a run.
#pragma once

#include <optional>
#include <string_view>

namespace sigv4::bench {

struct Target {
  std::string_view workload_prefix;  // benchmark names starting with this are held to the target
  // At most this many times the block bound (ns/op over blocks x bulk ns/block); for the throughput
  // targets (>= 93% of bulk SHA-256) this is 1 / 0.93.
  std::optional<double> max_ratio_to_bound;
  std::optional<double> min_gb_per_s;  // payload throughput floor (unsigned-trailer decoding: 4 GB/s)
  bool zero_allocations = false;       // no heap allocation per operation after warm-up
  std::optional<double> min_two_thread_scaling;  // items/s on 2 threads over 1 thread
};

inline constexpr Target kTargets[] = {
    {"W1_sign_get_nocache", 1.4, std::nullopt, true, std::nullopt},
    {"W1_sign_get_cached", 1.4, std::nullopt, true, 1.8},
    {"W2_presign_nocache", std::nullopt, std::nullopt, true, std::nullopt},
    {"W2_presign", 1.5, std::nullopt, true, std::nullopt},
    {"W3_", 1.0 / 0.93, std::nullopt, false, std::nullopt},
    {"W4_chunk_sign", 1.0 / 0.93, std::nullopt, false, std::nullopt},
    {"W4_chunk_verify", 1.0 / 0.93, std::nullopt, false, std::nullopt},
    {"W4_unsigned_trailer", std::nullopt, 4.0, false, std::nullopt},
    {"W5_verify", 1.6, std::nullopt, true, 1.8},
};

// The first target whose prefix starts `name`, or nullptr.
inline const Target* target_for(std::string_view name) {
  for (const auto& t : kTargets)
    if (name.substr(0, t.workload_prefix.size()) == t.workload_prefix) return &t;
  return nullptr;
}

}  // namespace sigv4::bench
