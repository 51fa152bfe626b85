// sigv4_bench: the Google Benchmark runner for the workloads of issue 6, plus
//   - a summary on stderr after the run: each benchmark's median ns/op, its SHA-256 block bound
//     (blocks x the per-block cost of SHA256_bulk_1MiB measured in the same run), allocations per
//     operation, 2-thread scaling, and whether the target is met;
//   - `sigv4_bench --signatures`: sigv4's signature and block counts for every workload as JSON, the
//     reference bench/compare checks each peer against.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "block_count.hpp"
#include "sigv4/signer.hpp"
#include "targets.hpp"
#include "workloads.hpp"

namespace sigv4::bench {
namespace {

// Times are CPU time per operation: on a machine shared with other processes, wall time also counts
// the time the scheduler gave to someone else; the bulk SHA-256 reference is measured the same way.
struct Measured {
  std::vector<double> ns_per_op;  // CPU ns, one per repetition
  double median_ns = 0;
  double blocks = 0;
  double allocs_per_op = 0;
  double items_per_second = 0;
  double bytes_per_second = 0;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double counter(const benchmark::BenchmarkReporter::Run& run, const char* name) {
  const auto it = run.counters.find(name);
  return it == run.counters.end() ? 0.0 : it->second.value;
}

// Forwards every run to the display reporter the user asked for and keeps the results.
template <class Display>
class Collecting : public Display {
 public:
  void ReportRuns(const std::vector<benchmark::BenchmarkReporter::Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) {
        errors_.push_back(run.benchmark_name() + ": " + run.error_message);
        continue;
      }
      const double ns = run.GetAdjustedCPUTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
      const bool aggregate = run.run_type == benchmark::BenchmarkReporter::Run::RT_Aggregate;
      if (aggregate && run.aggregate_name != "median") continue;
      // Aggregates are named "NAME_median"; counters of a median aggregate are medians too.
      const std::string name =
          aggregate ? run.benchmark_name().substr(0, run.benchmark_name().rfind('_')) : run.benchmark_name();
      Measured& m = results_[name];
      if (aggregate) {
        medians_[name] = ns;
      } else {
        m.ns_per_op.push_back(ns);
      }
      m.blocks = counter(run, "blocks");
      m.allocs_per_op = std::max(m.allocs_per_op, counter(run, "allocs_per_op"));
      m.items_per_second = counter(run, "items_per_second");
      m.bytes_per_second = counter(run, "bytes_per_second");
    }
    Display::ReportRuns(runs);
  }

  // Benchmarks that stopped with SkipWithError (a workload that no longer signs or verifies).
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }

  std::map<std::string, Measured> results() const {
    auto out = results_;
    for (auto& [name, m] : out) {
      const auto it = medians_.find(name);
      m.median_ns = it != medians_.end() ? it->second : median(m.ns_per_op);
    }
    return out;
  }

 private:
  std::map<std::string, Measured> results_;
  std::map<std::string, double> medians_;
  std::vector<std::string> errors_;
};

void print_summary(const std::map<std::string, Measured>& results) {
  const auto bulk = results.find("SHA256_bulk_1MiB");
  std::fprintf(stderr, "\nsigv4_bench summary (medians of CPU time per operation)\n");
  if (bulk == results.end() || bulk->second.blocks == 0) {
    std::fprintf(stderr, "  no block bound: SHA256_bulk_1MiB was not in this run (add it to the filter)\n");
    return;
  }
  const double ns_per_block = bulk->second.median_ns / bulk->second.blocks;
  std::fprintf(stderr, "  OpenSSL bulk SHA-256: %.2f ns per 64-byte block (%.0f MB/s)\n", ns_per_block,
               64e3 / ns_per_block);
  std::fprintf(stderr, "  %-44s %11s %7s %10s %8s %9s  %s\n", "benchmark", "cpu ns/op", "blocks", "bound ns",
               "x bound", "allocs/op", "target");
  for (const auto& [name, m] : results) {
    const Target* target = target_for(name);
    if (name == "SHA256_bulk_1MiB" || (m.blocks == 0 && (target == nullptr || !target->min_gb_per_s)))
      continue;
    const double bound = m.blocks * ns_per_block;
    const double ratio = bound > 0 ? m.median_ns / bound : 0.0;
    std::string verdict;
    if (const Target* t = target) {
      if (t->max_ratio_to_bound) {
        verdict += (ratio <= *t->max_ratio_to_bound ? "ok " : "MISSED ");
        char buf[64];
        std::snprintf(buf, sizeof buf, "x bound <= %.3g; ", *t->max_ratio_to_bound);
        verdict += buf;
      }
      if (t->zero_allocations) verdict += m.allocs_per_op == 0 ? "ok 0 allocs; " : "MISSED 0 allocs; ";
      if (t->min_gb_per_s) {
        const double gbps = m.bytes_per_second / 1e9;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s %.2f GB/s >= %.1f; ", gbps >= *t->min_gb_per_s ? "ok" : "MISSED",
                      gbps, *t->min_gb_per_s);
        verdict += buf;
      }
      if (t->min_two_thread_scaling && name.find("threads:2") != std::string::npos) {
        std::string one = name;
        one.replace(one.find("threads:2"), 9, "threads:1");
        const auto single = results.find(one);
        if (single != results.end() && single->second.items_per_second > 0) {
          const double scaling = m.items_per_second / single->second.items_per_second;
          char buf[64];
          std::snprintf(buf, sizeof buf, "%s 2-thread scaling %.2fx >= %.1f; ",
                        scaling >= *t->min_two_thread_scaling ? "ok" : "MISSED", scaling,
                        *t->min_two_thread_scaling);
          verdict += buf;
        }
      }
    }
    std::fprintf(stderr, "  %-44s %11.1f %7.0f %10.1f %8.3f %9.2f  %s\n", name.c_str(), m.median_ns, m.blocks,
                 bound, ratio, m.allocs_per_op, verdict.c_str());
  }
}

// sigv4's signature, canonical request and block counts for every workload (bench/compare's reference).
// Options after --signatures: --time YYYYMMDDTHHMMSSZ (a peer that signs at the current time) and
// --unsigned-header NAME, repeatable (a peer that never signs some header, e.g. aws4 and Range).
int print_signatures(int argc, char** argv) {
  const WorkloadSet& set = workloads();
  SigningScope scope = set.scope();
  std::vector<std::string> unsigned_headers;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--time") == 0)
      scope.time = SigningTime::parse_or_throw(argv[++i]);
    else if (std::strcmp(argv[i], "--unsigned-header") == 0)
      unsigned_headers.emplace_back(argv[++i]);
  }
  nlohmann::json out = nlohmann::json::array();
  for (const Workload& w : set.workloads) {
    std::vector<HeaderView> storage;
    SigningResult r;
    SigningSettings settings = w.settings;
    settings.excluded_headers.insert(settings.excluded_headers.end(), unsigned_headers.begin(),
                                     unsigned_headers.end());
    sign_request(w.view(storage), Body::bytes(w.body), set.credentials, scope, settings, r);
    auto blocks = [&](KeyDerivation d) {
      return w.body_blocks() + signature_blocks(r.canonical_request.size(), r.string_to_sign.size(),
                                                set.credentials.secret_access_key.size(), set.region.size(),
                                                set.service.size(), d);
    };
    out.push_back({{"workload", w.id},
                   {"amz_date", std::string(scope.time.amz_date())},
                   {"signature", r.signature},
                   {"canonical_request", r.canonical_request},
                   {"payload_bytes", w.body.size()},
                   {"blocks_cached", blocks(KeyDerivation::cached)},
                   {"blocks_nocache", blocks(KeyDerivation::every_time)}});
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

template <class Display>
int run(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Collecting<Display> reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  print_summary(reporter.results());
  benchmark::Shutdown();
  for (const auto& e : reporter.errors()) std::fprintf(stderr, "sigv4_bench: FAILED %s\n", e.c_str());
  return reporter.errors().empty() ? 0 : 1;
}

}  // namespace
}  // namespace sigv4::bench

int main(int argc, char** argv) {
  try {
    std::string format = "console";
    for (int i = 1; i < argc; ++i) {
      if (std::strcmp(argv[i], "--signatures") == 0) return sigv4::bench::print_signatures(argc, argv);
      if (std::strncmp(argv[i], "--benchmark_format=", 19) == 0) format = argv[i] + 19;
    }
    if (format == "json") return sigv4::bench::run<benchmark::JSONReporter>(argc, argv);
    return sigv4::bench::run<benchmark::ConsoleReporter>(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sigv4_bench: %s\n", e.what());
    return 1;
  }
}
